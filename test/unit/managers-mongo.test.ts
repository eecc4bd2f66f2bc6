/**
 * The MongoDB designations without a server: what the store sends to the driver (one upsert with
 * $setOnInsert only for an add, the full identity key everywhere, one exists() for isDesignated with
 * the launch's keys), how it reads the driver's answers, and the indexes it declares.
 */
import { ManagerDesignationModel, MANAGER_BY_INDEX, MANAGER_IDENTITY_INDEX } from '../../src/storage/mongo/manager-models';
import { createManagerStore, isDesignatedFilter, LIST_ORDER } from '../../src/storage/mongo/manager-store';
import { launchRoleKeys } from '../../src/context/manager-roles';

const A = { issuer: 'https://lms-a.example', clientId: 'client-1' };
const NOW = new Date('2031-02-03T10:00:00Z');
const ADMIN = { id: 'admin-1', name: 'Ada' };
type Doc = Record<string, unknown>;

afterEach(() => jest.restoreAllMocks());

const stored = (overrides: Doc = {}) => ({ _id: 'x', ...A, kind: 'user', matchKey: 'u-7', value: 'u-7', designatedBy: ADMIN, designatedAt: NOW, ...overrides });

describe('the designations over a stubbed driver', () => {
  it('adds with one upsert on the identity key that sets fields only on insert, and reports a new one as added', async () => {
    const update = jest.spyOn(ManagerDesignationModel.collection, 'findOneAndUpdate').mockResolvedValue({ value: stored(), lastErrorObject: { updatedExisting: false, upserted: 'x' }, ok: 1 } as never);
    const outcome = await createManagerStore().addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, NOW);
    expect(outcome).toEqual({ added: true, designation: { platform: A, subject: { kind: 'user', userId: 'u-7' }, designatedBy: ADMIN, designatedAt: NOW } });
    const [filter, change, options] = update.mock.calls[0] as unknown as [Doc, Doc, Doc];
    expect(filter).toEqual({ ...A, kind: 'user', matchKey: 'u-7' });
    expect(Object.keys(change)).toEqual(['$setOnInsert']);
    expect(change.$setOnInsert).toMatchObject({ value: 'u-7', designatedAt: NOW });
    expect(options).toMatchObject({ upsert: true, returnDocument: 'after', includeResultMetadata: true });
  });

  it('reports an existing designation as not added, with who and when of the first', async () => {
    const first = stored({ kind: 'role', matchKey: 'name:Mentor', value: 'Mentor', designatedBy: { id: 'cli', name: '' } });
    jest.spyOn(ManagerDesignationModel.collection, 'findOneAndUpdate').mockResolvedValue({ value: first, lastErrorObject: { updatedExisting: true }, ok: 1 } as never);
    const outcome = await createManagerStore().addDesignation(A, { kind: 'role', role: ' Mentor ' }, ADMIN, NOW);
    expect(outcome.added).toBe(false);
    expect(outcome.designation.designatedBy).toEqual({ id: 'cli', name: '' });
  });

  it('runs the add again once when a racing add won the insert', async () => {
    const update = jest
      .spyOn(ManagerDesignationModel.collection, 'findOneAndUpdate')
      .mockRejectedValueOnce(Object.assign(new Error('E11000'), { code: 11000 }))
      .mockResolvedValueOnce({ value: stored(), lastErrorObject: { updatedExisting: true }, ok: 1 } as never);
    await expect(createManagerStore().addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, NOW)).resolves.toMatchObject({ added: false });
    expect(update).toHaveBeenCalledTimes(2);
  });

  it('refuses a subject the rule refuses before sending anything', async () => {
    const update = jest.spyOn(ManagerDesignationModel.collection, 'findOneAndUpdate');
    await expect(createManagerStore().addDesignation(A, { kind: 'role', role: 'two words' }, ADMIN, NOW)).rejects.toThrow(RangeError);
    expect(update).not.toHaveBeenCalled();
  });

  it('removes by the full identity key, the role by its match key', async () => {
    const del = jest.spyOn(ManagerDesignationModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    await expect(createManagerStore().removeDesignation(A, { kind: 'role', role: 'urn:lti:instrole:ims/lis/Mentor' })).resolves.toBe(true);
    expect(del.mock.calls[0][0]).toEqual({ ...A, kind: 'role', matchKey: 'lis:institution:Mentor' });
  });

  it('asks whether the user id or one of the launch’s role keys is designated on the platform, as one exists()', async () => {
    const roles = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Mentor', '{"$gt":""}'];
    const find = jest.spyOn(ManagerDesignationModel.collection, 'findOne').mockResolvedValue({ _id: 'x' } as never);
    await expect(createManagerStore().isDesignated(A, 'u-7', roles)).resolves.toBe(true);
    const [filter] = find.mock.calls[0] as unknown as [Doc];
    expect(filter).toEqual(isDesignatedFilter(A, 'u-7', launchRoleKeys(roles)));
    expect(filter).toEqual({ ...A, $or: [{ kind: 'user', matchKey: 'u-7' }, { kind: 'role', matchKey: { $in: launchRoleKeys(roles) } }] });
    find.mockResolvedValue(null as never);
    await expect(createManagerStore().isDesignated(A, 'u-7', roles)).resolves.toBe(false);
  });

  it('erases the person’s own designation and empties who-designated where they designated', async () => {
    const del = jest.spyOn(ManagerDesignationModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    const upd = jest.spyOn(ManagerDesignationModel.collection, 'updateMany').mockResolvedValue({ acknowledged: true, matchedCount: 2, modifiedCount: 2, upsertedCount: 0, upsertedId: null });
    await expect(createManagerStore().eraseUser({ ...A, userId: 'admin-1' })).resolves.toEqual({ removed: 1, anonymised: 2 });
    expect(del.mock.calls[0][0]).toEqual({ ...A, kind: 'user', matchKey: 'admin-1' });
    expect(upd.mock.calls[0][0]).toEqual({ ...A, 'designatedBy.id': 'admin-1' });
    expect(upd.mock.calls[0][1]).toEqual({ $set: { designatedBy: { id: '', name: '' } } });
  });

  it('declares a unique identity index (platform, kind, match key) and one on who designated', () => {
    expect(ManagerDesignationModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, kind: 1, matchKey: 1 }, expect.objectContaining({ unique: true, name: MANAGER_IDENTITY_INDEX })]);
    expect(ManagerDesignationModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, 'designatedBy.id': 1 }, expect.objectContaining({ name: MANAGER_BY_INDEX })]);
    expect(ManagerDesignationModel.collection.collectionName).toBe('lv_manager_designations');
    expect(LIST_ORDER).toEqual({ kind: -1, designatedAt: 1, matchKey: 1 });
  });
});
