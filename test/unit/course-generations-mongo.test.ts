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

  /** The bump the server receives: an upserted $inc on the full course key, in the write's session. */
  const expectBumpedInTransaction = () => expectOneGenerationBump(bump, course, session);

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

  it('saves settings as one upsert on the course key, with its audit entry and the bump in the same session', async () => {
    const save = jest.spyOn(SettingsModel.collection, 'updateOne').mockResolvedValue(updateResult);
    const entry = buildAudit(course);
    await expect(createSettingsStore().saveSettings(course, settings, entry)).resolves.toBeUndefined();
    const [filter, update, options] = save.mock.calls[0] as unknown as [object, object, { upsert?: boolean; session?: unknown }];
    expect(filter).toEqual(course);
    expect(update).toEqual({ $set: { settings: settingsToJson(settings) } });
    expect(options).toMatchObject({ upsert: true, session });
    expectBumpedInTransaction();
    expectOneAuditInSession(auditInsert, entry, session);
  });

  it('refuses an audit entry of another course before writing anything', async () => {
    await expect(createSettingsStore().saveSettings(course, settings, buildAudit({ ...course, contextId: 'elsewhere' }))).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
  });

  it('inserts a course version keyed by the course, with its bump in the same session, and writes nothing for one it refuses', async () => {
    const insert = jest.spyOn(VersionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createVersionStore().createVersion({ course, label: ' ', startsOn: '2031-02-01', createdAt: T0, createdBy: by })).rejects.toThrow(RangeError);
    expect(insert).not.toHaveBeenCalled();
    const version = await createVersionStore().createVersion({ course, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by });
    expect(insert.mock.calls[0][0]).toEqual({ _id: expect.anything(), ...course, versionId: version.id, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by });
    expect(sessionOf(insert.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
  });

  it('inserts a corrective action with its review links, with its bump in the same session, and writes nothing for one it refuses', async () => {
    const insert = jest.spyOn(ActionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createActionStore().createAction({ course, description: 'x', status: 'planned', reviewIds: [], createdBy: by, createdAt: T0 })).rejects.toThrow(RangeError);
    expect(insert).not.toHaveBeenCalled();
    const action = await createActionStore().createAction({ course, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdBy: by, createdAt: T0 });
    expect(insert.mock.calls[0][0]).toMatchObject({ ...course, actionId: action.id, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdAt: T0 });
    expect(sessionOf(insert.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
  });

  it('updates a corrective action only within the course, with its bump in the same session, and bumps nothing when there is none', async () => {
    const stored = { ...course, actionId: 'a-1', description: 'New', status: 'done', reviewIds: ['r-1'], createdBy: by, createdAt: T0, updatedAt: T0 };
    const update = jest.spyOn(ActionModel.collection, 'findOneAndUpdate').mockResolvedValueOnce(null as never).mockResolvedValueOnce(stored as never);
    const change = { description: 'New', status: 'done' as const };
    await expect(createActionStore().updateAction(course, 'a-404', change, T0)).resolves.toBeNull();
    expect(bump).not.toHaveBeenCalled();
    await expect(createActionStore().updateAction(course, 'a-1', change, T0)).resolves.toMatchObject({ id: 'a-1', status: 'done' });
    const [filter, set, options] = update.mock.calls[1] as unknown as [object, object, { session?: unknown }];
    expect(filter).toEqual({ ...course, actionId: 'a-1' });
    expect(set).toEqual({ $set: { description: 'New', status: 'done', dueOn: null, doneInVersion: null, updatedAt: T0 } });
    expect(options.session).toBe(session);
    expectBumpedInTransaction();
  });

  it('sends no query for an action id that is not a string', async () => {
    const update = jest.spyOn(ActionModel.collection, 'findOneAndUpdate');
    await expect(createActionStore().updateAction(course, { $ne: null } as unknown as string, { description: 'New', status: 'done' }, T0)).resolves.toBeNull();
    expect(update).not.toHaveBeenCalled();
    expect(bump).not.toHaveBeenCalled();
  });
});

/** The session a stubbed driver call received in its options, if any. */
function sessionOf(call: unknown[]): unknown {
  return (call.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined)?.session;
}
