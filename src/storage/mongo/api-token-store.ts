import { DuplicateApiTokenError, type ApiToken, type ApiTokenStore } from '../ports/api-tokens';
import { platformFilter } from './keys';
import { ApiTokenModel, type ApiTokenDoc } from './api-token-models';

/**
 * Each call is one statement on lv_api_tokens. Revocation and the last-use stamp are conditional
 * updates, so that two processes revoking or using one token at once never undo each other: the
 * first revocation date stays, and a last use only moves forward by at least the interval.
 */
export const touchFilter = (id: string, at: Date, minIntervalMs: number) => ({
  _id: id,
  $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lte: new Date(at.getTime() - minIntervalMs) } }],
});

export function createApiTokenStore(): ApiTokenStore {
  return {
    async createToken(token) {
      try {
        await ApiTokenModel.create({
          _id: token.id,
          digest: token.digest,
          ...platformFilter(token.platform),
          ...(token.deploymentId !== undefined ? { deploymentId: token.deploymentId } : {}),
          name: token.name,
          scope: token.scope,
          hint: token.hint,
          createdAt: token.createdAt,
        });
      } catch (err) {
        if ((err as { code?: unknown }).code === 11000) throw new DuplicateApiTokenError('an API token with this id or digest is already stored');
        throw err;
      }
    },
    async findByDigest(digest) {
      // A string only: a digest is never an operator object, whatever the caller passes.
      if (typeof digest !== 'string') return null;
      const doc = await ApiTokenModel.findOne({ digest: { $eq: digest } }).lean<ApiTokenDoc>().exec();
      return doc ? toToken(doc) : null;
    },
    async listTokens(platform) {
      const docs = await ApiTokenModel.find(platformFilter(platform)).sort({ createdAt: -1, _id: -1 }).lean<ApiTokenDoc[]>().exec();
      return docs.map(toToken);
    },
    async revokeToken(platform, id, at) {
      const owned = { _id: { $eq: id }, ...platformFilter(platform) };
      const revoked = await ApiTokenModel.updateOne({ ...owned, revokedAt: { $exists: false } }, { $set: { revokedAt: at } }).exec();
      if (revoked.modifiedCount === 1) return 'revoked';
      return (await ApiTokenModel.exists(owned).exec()) ? 'already-revoked' : 'unknown';
    },
    async touchToken(id, at, minIntervalMs) {
      await ApiTokenModel.updateOne(touchFilter(id, at, minIntervalMs), { $set: { lastUsedAt: at } }).exec();
    },
  };
}

function toToken(doc: ApiTokenDoc): ApiToken {
  return {
    id: doc._id,
    platform: { issuer: doc.issuer, clientId: doc.clientId },
    ...(doc.deploymentId !== undefined && doc.deploymentId !== null ? { deploymentId: doc.deploymentId } : {}),
    name: doc.name ?? '',
    scope: doc.scope,
    hint: doc.hint,
    createdAt: new Date(doc.createdAt),
    ...(doc.revokedAt ? { revokedAt: new Date(doc.revokedAt) } : {}),
    ...(doc.lastUsedAt ? { lastUsedAt: new Date(doc.lastUsedAt) } : {}),
  };
}
