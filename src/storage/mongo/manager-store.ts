/**
 * MongoDB: training manager designations (ports/managers.ts). The add is one upsert with
 * $setOnInsert only, so a subject already designated keeps who designated it and when, and two
 * admins adding the same subject at once end with one document (the unique index; the loser's
 * duplicate-key error is retried once and finds the winner's).
 */
import type { ManagerDesignation, ManagerStore } from '../ports/managers';
import { checkUserKey } from '../shared/erasure-record';
import { designationKey, launchLookup, subjectOf } from '../shared/manager-designation';
import { retryOnceOnDuplicateKey } from './errors';
import { platformFilter } from './keys';
import { ManagerDesignationModel, type ManagerDesignationDoc } from './manager-models';

export function toDesignation(d: ManagerDesignationDoc): ManagerDesignation {
  return {
    platform: { issuer: d.issuer, clientId: d.clientId },
    subject: subjectOf(d.kind, d.value),
    designatedBy: { id: d.designatedBy?.id ?? '', name: d.designatedBy?.name ?? '' },
    designatedAt: new Date(d.designatedAt),
  };
}

/** User ids first, then roles, each oldest first (the order the SQLite adapter lists them in). */
export const LIST_ORDER = { kind: -1, designatedAt: 1, matchKey: 1 } as const;

export function createManagerStore(): ManagerStore {
  return {
    async addDesignation(platform, subject, by, at) {
      const key = designationKey(subject);
      const filter = { ...platformFilter(platform), kind: key.kind, matchKey: key.matchKey };
      const result = await retryOnceOnDuplicateKey(() =>
        ManagerDesignationModel.findOneAndUpdate(
          filter,
          { $setOnInsert: { value: key.value, designatedBy: { id: by.id, name: by.name }, designatedAt: at } },
          { upsert: true, returnDocument: 'after', includeResultMetadata: true, setDefaultsOnInsert: false },
        )
          .lean<ManagerDesignationDoc>()
          .exec(),
      );
      const raw = result as unknown as { value: ManagerDesignationDoc; lastErrorObject?: { updatedExisting?: boolean } };
      return { added: raw.lastErrorObject?.updatedExisting === false, designation: toDesignation(raw.value) };
    },
    async removeDesignation(platform, subject) {
      const { kind, matchKey } = designationKey(subject);
      const { deletedCount } = await ManagerDesignationModel.deleteOne({ ...platformFilter(platform), kind, matchKey }).exec();
      return deletedCount === 1;
    },
    async listDesignations(platform) {
      const docs = await ManagerDesignationModel.find(platformFilter(platform)).sort(LIST_ORDER).lean<ManagerDesignationDoc[]>().exec();
      return docs.map(toDesignation);
    },
    async isDesignated(platform, userId, roles) {
      if (typeof userId !== 'string') throw new TypeError('userId must be a string');
      const { roleKeys } = launchLookup(userId, roles);
      const found = await ManagerDesignationModel.exists(isDesignatedFilter(platform, userId, roleKeys)).exec();
      return found !== null;
    },
    async designationsNaming(user) {
      checkUserKey(user);
      const docs = await ManagerDesignationModel.find(namingFilter(user)).sort(LIST_ORDER).lean<ManagerDesignationDoc[]>().exec();
      return docs.map(toDesignation);
    },
    async eraseUser(user) {
      checkUserKey(user);
      const platform = platformFilter(user);
      const removed = await ManagerDesignationModel.deleteOne({ ...platform, kind: 'user', matchKey: user.userId }).exec();
      const anonymised = await ManagerDesignationModel.updateMany({ ...platform, 'designatedBy.id': user.userId }, { $set: { designatedBy: { id: '', name: '' } } }).exec();
      return { removed: removed.deletedCount, anonymised: anonymised.modifiedCount };
    },
  };
}

/** The user id or any of the launch's role keys, on the platform: two ranges of the identity index. */
export function isDesignatedFilter(platform: { issuer: string; clientId: string }, userId: string, roleKeys: readonly string[]) {
  return {
    ...platformFilter(platform),
    $or: [
      { kind: 'user' as const, matchKey: userId },
      { kind: 'role' as const, matchKey: { $in: [...roleKeys] } },
    ],
  };
}

export function namingFilter(user: { issuer: string; clientId: string; userId: string }) {
  return { ...platformFilter(user), $or: [{ kind: 'user' as const, matchKey: user.userId }, { 'designatedBy.id': user.userId }] };
}
