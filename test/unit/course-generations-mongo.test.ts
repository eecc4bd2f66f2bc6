/**
 * The MongoDB side of course generations without a server: the model and its index, the read, and the
 * bumps of the writes that run outside a transaction (settings, course versions, corrective actions),
 * over mongoose's real query layer with the driver's collection methods stubbed. The transactional
 * writes are checked in test/storage/mongo.test.ts and review-loop-mongo.test.ts; the shared contract
 * (test/storage/generations-contract.ts) runs against a real server when MONGODB_URI is set.
 */
import { expectOneGenerationBump } from '../support/generation-bumps';
import { CourseGenerationModel } from '../../src/storage/mongo/generation-models';
import { bumpGeneration, createGenerationStore } from '../../src/storage/mongo/generation-store';
import { SettingsModel } from '../../src/storage/mongo/course-models';
import { ActionModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { createActionStore, createVersionStore } from '../../src/storage/mongo/loop-stores';
import { createSettingsStore } from '../../src/storage/mongo/settings-store';
import type { CourseSettings } from '../../src/storage/ports/course-settings';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';

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
  let bump: jest.SpyInstance;
  beforeEach(() => {
    bump = jest.spyOn(CourseGenerationModel.collection, 'updateOne').mockResolvedValue(updateResult);
  });
  afterEach(() => jest.restoreAllMocks());

  const expectBumpedOnce = () => expectOneGenerationBump(bump, course);

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

  it('bumps after saving settings (no transaction: the write first, then the bump)', async () => {
    const save = jest.spyOn(SettingsModel.collection, 'updateOne').mockResolvedValue(updateResult);
    await createSettingsStore().saveSettings(course, settings);
    expectBumpedOnce();
    expect(save.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('does not bump when saving settings fails', async () => {
    jest.spyOn(SettingsModel.collection, 'updateOne').mockRejectedValue(new Error('socket closed'));
    await expect(createSettingsStore().saveSettings(course, settings)).rejects.toThrow('socket closed');
    expect(bump).not.toHaveBeenCalled();
  });

  it('bumps after creating a course version, and not for a version it refuses', async () => {
    const insert = jest.spyOn(VersionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createVersionStore().createVersion({ course, label: ' ', startsOn: '2031-02-01', createdAt: T0, createdBy: by })).rejects.toThrow(RangeError);
    expect(bump).not.toHaveBeenCalled();
    await createVersionStore().createVersion({ course, label: 'Spring', startsOn: '2031-02-01', createdAt: T0, createdBy: by });
    expectBumpedOnce();
    expect(insert.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('bumps after creating a corrective action (its review links included), and not for one it refuses', async () => {
    const insert = jest.spyOn(ActionModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await expect(createActionStore().createAction({ course, description: 'x', status: 'planned', reviewIds: [], createdBy: by, createdAt: T0 })).rejects.toThrow(RangeError);
    expect(bump).not.toHaveBeenCalled();
    await createActionStore().createAction({ course, description: 'Shorter videos', status: 'planned', reviewIds: ['r-1'], createdBy: by, createdAt: T0 });
    expectBumpedOnce();
    expect(insert.mock.calls[0][0]).toMatchObject({ reviewIds: ['r-1'] });
    expect(insert.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });

  it('bumps after updating a corrective action of the course, and not when the course has no such action', async () => {
    const stored = { ...course, actionId: 'a-1', description: 'New', status: 'done', reviewIds: ['r-1'], createdBy: by, createdAt: T0, updatedAt: T0 };
    const update = jest
      .spyOn(ActionModel.collection, 'findOneAndUpdate')
      .mockResolvedValueOnce({ ok: 1, value: null } as never)
      .mockResolvedValueOnce({ ok: 1, value: stored } as never);
    const change = { description: 'New', status: 'done' as const };
    await expect(createActionStore().updateAction(course, 'a-404', change, T0)).resolves.toBeNull();
    expect(bump).not.toHaveBeenCalled();
    await expect(createActionStore().updateAction(course, 'a-1', change, T0)).resolves.toMatchObject({ id: 'a-1', status: 'done' });
    expect(update.mock.calls[1][0]).toEqual({ ...course, actionId: 'a-1' });
    expectBumpedOnce();
    expect(update.mock.invocationCallOrder[1]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });
});
