/**
 * The MongoDB side of course generations without a server: the model and its index, the read, and the
 * single-document counted writes (settings with their audit entry, course versions, corrective
 * actions), each run with its bump in one transaction, over mongoose's real query layer with the driver's collection methods
 * stubbed (a real ClientSession from a client that never connects, handed to the work by a stubbed
 * connection.transaction, as in test/storage/mongo.test.ts). The multi-document transactional writes
 * are checked in test/storage/mongo.test.ts and review-loop-mongo.test.ts; the shared contract
 * (test/storage/generations-contract.ts) runs against a real server when MONGODB_URI is set.
 */
import type { ClientSession } from 'mongodb';
import { expectOneAuditInSession, expectOneGenerationBump, stubAuditInsert, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { CourseGenerationModel } from '../../src/storage/mongo/generation-models';
import { bumpGeneration, createGenerationStore } from '../../src/storage/mongo/generation-store';
import { SettingsModel } from '../../src/storage/mongo/course-models';
import { ActionModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { createActionStore, createVersionStore } from '../../src/storage/mongo/loop-stores';
import { createSettingsStore } from '../../src/storage/mongo/settings-store';
import type { CourseSettings } from '../../src/storage/ports/course-settings';
import { settingsToJson } from '../../src/storage/shared/settings-record';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { buildAudit } from '../support/audit';

const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 };
const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const T0 = new Date('2031-01-01T00:00:00Z');
const by = { id: 't', name: 'Teacher' };
const updateResult = { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };
const duplicateKey = () => Object.assign(new Error('E11000 duplicate key error collection'), { code: 11000 });

const settings: CourseSettings = { ...DEFAULT_SETTINGS };

describe('course generation model', () => {
  it('uses lv_ names, leaves index creation to openMongoStorage and keys one counter per full course key', () => {
    expect(CourseGenerationModel.modelName).toBe('lv_course_generation');
    expect(CourseGenerationModel.collection.collectionName).toBe('lv_course_generations');
    expect(CourseGenerationModel.schema.get('autoIndex')).toBe(false);
    expect(CourseGenerationModel.schema.get('autoCreate')).toBe(false);
    expect(CourseGenerationModel.schema.indexes()).toContainEqual([COURSE_KEY, expect.objectContaining({ unique: true })]);
  });
});

describe('course generations over a stubbed driver', () => {
  let stub: StubbedTransaction;
  let session: ClientSession;
  let transaction: jest.SpyInstance;
  let bump: jest.SpyInstance;
  let auditInsert: jest.SpyInstance;
  beforeEach(() => {
    stub = stubTransaction();
    ({ session, transaction } = stub);
    bump = stubGenerationBump();
    auditInsert = stubAuditInsert();
  });
  afterEach(() => stub.end());

  const expectBumpedInTransaction = () => expectOneGenerationBump(bump, course, session);
  /** The transaction's nth run rejected with `message`: a real one aborts there, so its write is rolled back. */
  const expectAborted = async (run: number, message: string) => {
    await expect(transaction.mock.results[run].value).rejects.toThrow(message);
  };

  it('reads the generation with a projection on the full course key, 0 when the course has none', async () => {
    const find = jest.spyOn(CourseGenerationModel.collection, 'findOne').mockResolvedValueOnce({ generation: 7 }).mockResolvedValueOnce(null);
    const store = createGenerationStore();
    await expect(store.generationOf(course)).resolves.toBe(7);
    await expect(store.generationOf({ ...course, contextId: 'never-written' })).resolves.toBe(0);
    expect(find.mock.calls[0][0]).toEqual(course);
    expect(find.mock.calls[1][0]).toEqual({ ...course, contextId: 'never-written' });
    expect(find.mock.calls[0][1]).toMatchObject({ projection: { _id: 0, generation: 1 } });
  });

  it('refuses a course key field that MongoDB would read as an operator', async () => {
    await expect(createGenerationStore().generationOf({ ...course, contextId: { $ne: null } as unknown as string })).rejects.toThrow(TypeError);
    await expect(bumpGeneration({ ...course, clientId: { $gt: '' } as unknown as string })).rejects.toThrow(TypeError);
    expect(bump).not.toHaveBeenCalled();
  });

  it('retries a first bump once outside a transaction when a racing upsert won the insert', async () => {
    bump.mockRejectedValueOnce(duplicateKey());
    await bumpGeneration(course);
    expect(bump).toHaveBeenCalledTimes(2);
  });

  it('does not retry a bump inside a transaction: the duplicate key aborts the transaction instead', async () => {
    bump.mockRejectedValueOnce(duplicateKey());
    await expect(bumpGeneration(course, session)).rejects.toMatchObject({ code: 11000 });
    expect(bump).toHaveBeenCalledTimes(1);
  });

  it('saves settings, their audit entry and the bump in one transaction, the write first', async () => {
    const save = jest.spyOn(SettingsModel.collection, 'updateOne').mockResolvedValue(updateResult);
    const entry = buildAudit(course);
    await expect(createSettingsStore().saveSettings(course, settings, entry)).resolves.toBeUndefined();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledTimes(1);
    const [filter, update, options] = save.mock.calls[0] as unknown as [object, object, { upsert?: boolean }];
    expect(filter).toEqual(course);
    expect(update).toEqual({ $set: { settings: settingsToJson(settings) } });
    expect(options.upsert).toBe(true);
    expect(sessionOf(save.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
    expectOneAuditInSession(auditInsert, entry, session);
    expect(save.mock.invocationCallOrder[0]).toBeLessThan(auditInsert.mock.invocationCallOrder[0]);
    expect(auditInsert.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('aborts the settings save when its audit entry cannot be written, and opens no transaction for an entry of another course', async () => {
    jest.spyOn(SettingsModel.collection, 'updateOne').mockResolvedValue(updateResult);
    auditInsert.mockRejectedValueOnce(new Error('audit write failed'));
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit(course))).rejects.toThrow('audit write failed');
    await expectAborted(0, 'audit write failed');
    expect(bump).not.toHaveBeenCalled();
    transaction.mockClear();
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit({ ...course, contextId: 'elsewhere' }))).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
  });

  it('does not bump when saving settings fails, and does not keep the settings when the bump fails', async () => {
    const save = jest.spyOn(SettingsModel.collection, 'updateOne').mockRejectedValueOnce(new Error('socket closed'));
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit(course))).rejects.toThrow('socket closed');
    expect(bump).not.toHaveBeenCalled();
    await expectAborted(0, 'socket closed');

    save.mockResolvedValue(updateResult);
    bump.mockRejectedValueOnce(new Error('write concern timeout'));
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit(course))).rejects.toThrow('write concern timeout');
    expect(sessionOf(save.mock.calls[1] as unknown[])).toBe(session);
    expectBumpedInTransaction();
    await expectAborted(1, 'write concern timeout');
  });

  it('runs the settings unit again when a racing upsert aborted it with a duplicate key, up to the transaction policy\'s five attempts', async () => {
    const save = jest.spyOn(SettingsModel.collection, 'updateOne').mockRejectedValueOnce(duplicateKey()).mockResolvedValue(updateResult);
    await createSettingsStore().saveSettings(course, settings, buildAudit(course));
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenCalledTimes(2);
    for (const call of save.mock.calls) expect(sessionOf(call as unknown[])).toBe(session);
    expectBumpedInTransaction();

    transaction.mockClear();
    bump.mockClear();
    save.mockReset().mockRejectedValue(duplicateKey());
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit(course))).rejects.toMatchObject({ code: 11000 });
    expect(transaction).toHaveBeenCalledTimes(5);
    expect(bump).not.toHaveBeenCalled();
  });

  it('creates a course version and bumps in one transaction, the write first, and opens none for a version it refuses', async () => {
    const insert = jest.spyOn(VersionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createVersionStore().createVersion({ course, label: ' ', startsOn: '2031-02-01', createdAt: T0, createdBy: by })).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
    expect(insert).not.toHaveBeenCalled();
    expect(bump).not.toHaveBeenCalled();
    const version = await createVersionStore().createVersion({ course, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by });
    expect(version).toMatchObject({ course, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(insert).toHaveBeenCalledTimes(1);
    expect(insert.mock.calls[0][0]).toMatchObject({ ...course, versionId: version.id, label: 'Spring' });
    expect(sessionOf(insert.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
    expect(insert.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('does not bump when inserting a course version fails', async () => {
    jest.spyOn(VersionModel.collection, 'insertOne').mockRejectedValue(new Error('socket closed'));
    await expect(createVersionStore().createVersion({ course, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by })).rejects.toThrow('socket closed');
    expect(bump).not.toHaveBeenCalled();
    await expectAborted(0, 'socket closed');
  });

  it('creates a corrective action (its review links included) and bumps in one transaction, and opens none for one it refuses', async () => {
    const insert = jest.spyOn(ActionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createActionStore().createAction({ course, description: 'x', status: 'planned', reviewIds: [], createdBy: by, createdAt: T0 })).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
    expect(bump).not.toHaveBeenCalled();
    const action = await createActionStore().createAction({ course, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdBy: by, createdAt: T0 });
    expect(action).toMatchObject({ course, description: 'Shorter videos', reviewIds: ['r-1'] });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(insert.mock.calls[0][0]).toMatchObject({ actionId: action.id, reviewIds: ['r-1'] });
    expect(sessionOf(insert.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
    expect(insert.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('runs a corrective action insert once more, the same document, when a racing first bump aborted it; and bumps nothing when the insert fails', async () => {
    const insert = jest.spyOn(ActionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    bump.mockRejectedValueOnce(duplicateKey());
    const action = await createActionStore().createAction({ course, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdBy: by, createdAt: T0 });
    expect(transaction).toHaveBeenCalledTimes(2);
    await expectAborted(0, 'E11000');
    expect(insert).toHaveBeenCalledTimes(2);
    for (const call of insert.mock.calls) {
      expect(call[0]).toMatchObject({ actionId: action.id });
      expect(sessionOf(call as unknown[])).toBe(session);
    }
    expect(bump).toHaveBeenCalledTimes(2);
    for (const call of bump.mock.calls) expect(sessionOf(call as unknown[])).toBe(session);

    bump.mockClear();
    insert.mockReset().mockRejectedValue(new Error('socket closed'));
    await expect(createActionStore().createAction({ course, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdBy: by, createdAt: T0 })).rejects.toThrow('socket closed');
    expect(bump).not.toHaveBeenCalled();
  });

  it('updates a corrective action of the course and bumps in one transaction, and bumps nothing when the course has no such action', async () => {
    const stored = { ...course, actionId: 'a-1', description: 'New', status: 'done', reviewIds: ['r-1'], createdBy: by, createdAt: T0, updatedAt: T0 };
    const update = jest
      .spyOn(ActionModel.collection, 'findOneAndUpdate')
      .mockResolvedValueOnce(null as never)
      .mockResolvedValueOnce(stored as never);
    const change = { description: 'New', status: 'done' as const };
    await expect(createActionStore().updateAction(course, 'a-404', change, T0)).resolves.toBeNull();
    expect(bump).not.toHaveBeenCalled();
    await expect(createActionStore().updateAction(course, 'a-1', change, T0)).resolves.toMatchObject({ id: 'a-1', status: 'done' });
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(update.mock.calls[1][0]).toEqual({ ...course, actionId: 'a-1' });
    expect(update.mock.calls[1][1]).toMatchObject({ $set: { description: 'New', status: 'done', dueOn: null, doneInVersion: null, updatedAt: T0 } });
    for (const call of update.mock.calls) expect(sessionOf(call as unknown[])).toBe(session);
    expectBumpedInTransaction();
    expect(update.mock.invocationCallOrder[1]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('does not bump when updating a corrective action fails, nor for an id that is not a string', async () => {
    jest.spyOn(ActionModel.collection, 'findOneAndUpdate').mockRejectedValue(new Error('socket closed'));
    const change = { description: 'New', status: 'done' as const };
    await expect(createActionStore().updateAction(course, 'a-1', change, T0)).rejects.toThrow('socket closed');
    await expectAborted(0, 'socket closed');
    await expect(createActionStore().updateAction(course, { $ne: null } as unknown as string, change, T0)).resolves.toBeNull();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(bump).not.toHaveBeenCalled();
  });
});

/** The session a stubbed driver call received in its options, if any. */
function sessionOf(call: unknown[]): unknown {
  return (call.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined)?.session;
}
