/**
 * The MongoDB alerts store without a server: its declared indexes and what its claims, scoped reads
 * and owner-conditioned writes send to the driver (collection methods stubbed under mongoose's real
 * query layer). The contract (test/storage/alerts-contract.ts) runs on a real server with MONGODB_URI.
 */
import { AlertDeliveryModel, AlertModel, AlertRulesModel, AlertWebhookModel, createAlertIndexes, DeliveryLogModel, InstructorEmailModel, RETIRED_ALERT_INDEXES } from '../../src/storage/mongo/alert-models';
import { ALERT_PAGE_INDEXES, alertPageQuery, createAlertStore, scopeFilter } from '../../src/storage/mongo/alert-store';
import type { AlertPageScope } from '../../src/storage/ports/alerts';
import { servingIndexes } from '../support/index-plan';

const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const NOW = new Date('2031-01-01T00:00:00Z');
const updateResult = (matchedCount: number) => ({ acknowledged: true, matchedCount, modifiedCount: matchedCount, upsertedCount: 0, upsertedId: null });

afterEach(() => jest.restoreAllMocks());

describe('alert models', () => {
  it('declare a unique dedupe key, the scoped list indexes, the claim range and the person index of addresses', () => {
    const names = (model: { schema: { indexes(): unknown[] } }) => model.schema.indexes().map((entry) => (entry as [unknown, { name?: string; unique?: boolean }])[1]);
    expect(names(AlertModel)).toContainEqual(expect.objectContaining({ name: 'lv_alert_dedupe', unique: true }));
    expect(AlertModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, state: 1, raisedAt: -1, alertId: -1 }, expect.objectContaining({ name: 'lv_alerts_page_deployment_state' })]);
    expect(AlertModel.schema.indexes()).toContainEqual([{ acknowledgedAt: 1 }, expect.objectContaining({ name: 'lv_alerts_acknowledged', partialFilterExpression: { state: 'acknowledged' } })]);
    expect(names(AlertModel).map((o) => o.name)).not.toContain('lv_alerts_deployment');
    expect(AlertDeliveryModel.schema.indexes()).toContainEqual([{ nextAttemptAt: 1, deliveryId: 1 }, expect.objectContaining({ name: 'lv_alert_delivery_claim' })]);
    expect(InstructorEmailModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, userId: 1 }, expect.objectContaining({ name: 'lv_instructor_email_user' })]);
    expect(DeliveryLogModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, at: -1, _id: -1 }, expect.objectContaining({ name: 'lv_alert_log_platform' })]);
  });
});

describe('alert indexes at open', () => {
  it('drop the list indexes the page indexes replaced, and take "not there" (a new or already migrated database) as done', async () => {
    for (const model of [AlertRulesModel, AlertWebhookModel, AlertModel, AlertDeliveryModel, DeliveryLogModel, InstructorEmailModel]) jest.spyOn(model, 'createIndexes').mockResolvedValue(undefined as never);
    const drop = jest.spyOn(AlertModel.collection, 'dropIndex').mockResolvedValueOnce({} as never).mockRejectedValueOnce(Object.assign(new Error('index not found'), { code: 27 }));
    await createAlertIndexes();
    expect(drop.mock.calls.map((call) => call[0])).toEqual([...RETIRED_ALERT_INDEXES]);
    drop.mockRejectedValueOnce(Object.assign(new Error('not primary'), { code: 10107 }));
    await expect(createAlertIndexes()).rejects.toThrow('not primary');
  });
});

describe('alert pages', () => {
  const scopes: Array<[string, AlertPageScope]> = [
    ['platform', { kind: 'platform', platform: { issuer: course.issuer, clientId: course.clientId } }],
    ['deployment', { kind: 'deployment', deployment: course }],
    ['course', { kind: 'course', course }],
  ];
  for (const [name, scope] of scopes) {
    it(`read a ${name}, with or without a state, first or after a position, as one range of the hinted index in page order`, () => {
      for (const state of [undefined, 'open', 'acknowledged'] as const) {
        for (const after of [undefined, { raisedAt: NOW, id: 'a-9' }]) {
          const { filter, sort, hint } = alertPageQuery({ scope, ...(state ? { state } : {}), ...(after ? { after } : {}) });
          expect(hint).toBe(ALERT_PAGE_INDEXES[state ? (`${scope.kind}-state` as const) : scope.kind]);
          expect(servingIndexes(AlertModel, filter, sort, hint)).toEqual([hint]);
        }
      }
    });
  }

  it('send the scope, the state and the position to the driver, and read one alert more than the page', async () => {
    const doc = (alertId: string, seconds: number) => ({ ...course, alertId, dedupeKey: alertId, kind: 'low-spike', reviewIds: [], facts: '{}', raisedAt: new Date(NOW.getTime() - seconds * 1000), state: 'open' });
    const find = jest.spyOn(AlertModel.collection, 'find').mockImplementation((() => ({ toArray: async () => [doc('a-3', 1), doc('a-2', 1), doc('a-1', 2)] })) as never);
    const page = await createAlertStore().pageAlerts({ scope: { kind: 'deployment', deployment: course }, state: 'open', limit: 2, after: { raisedAt: NOW, id: 'a-4' } });
    expect(page.items.map((a) => a.id)).toEqual(['a-3', 'a-2']);
    expect(page.next).toEqual({ raisedAt: new Date(NOW.getTime() - 1000), id: 'a-2' });
    const [filter, options] = find.mock.calls[0] as unknown as [Record<string, unknown>, Record<string, unknown>];
    expect(filter).toEqual({
      issuer: course.issuer, clientId: course.clientId, deploymentId: 'dep-1', state: 'open',
      raisedAt: { $lte: NOW }, $or: [{ raisedAt: { $lt: NOW } }, { alertId: { $lt: 'a-4' } }],
    });
    expect(options).toMatchObject({ sort: { raisedAt: -1, alertId: -1 }, hint: 'lv_alerts_page_deployment_state', limit: 3 });
  });

  it('refuse a position id that is not a plain string (an operator would widen the range)', () => {
    expect(() => alertPageQuery({ scope: { kind: 'course', course }, after: { raisedAt: NOW, id: { $gt: '' } as unknown as string } })).toThrow(TypeError);
  });
});

describe('alerts over a stubbed driver', () => {
  it('claims one due delivery per findOneAndUpdate, oldest first, for the owner until the lease ends', async () => {
    const doc = (deliveryId: string) => ({ deliveryId, alertId: 'a-1', issuer: course.issuer, clientId: course.clientId, channel: 'webhook', recipient: '', attempts: 0, nextAttemptAt: new Date(NOW.getTime() + 60_000), claimedBy: 'w' });
    const claim = jest.spyOn(AlertDeliveryModel.collection, 'findOneAndUpdate').mockResolvedValueOnce(doc('d-1') as never).mockResolvedValueOnce(null as never);
    const claimed = await createAlertStore().claimDueDeliveries('w', NOW, 60_000, 5);
    expect(claimed.map((d) => [d.id, d.platform])).toEqual([['d-1', { issuer: course.issuer, clientId: course.clientId }]]);
    const [filter, update, options] = claim.mock.calls[0] as unknown as [unknown, { $set: unknown }, Record<string, unknown>];
    expect(filter).toEqual({ nextAttemptAt: { $lte: NOW } });
    expect(update.$set).toEqual({ claimedBy: 'w', nextAttemptAt: new Date(NOW.getTime() + 60_000) });
    expect(options).toMatchObject({ sort: { nextAttemptAt: 1, deliveryId: 1 }, returnDocument: 'after' });
  });

  it('acknowledges only an open alert of the scope, matched on the whole key', async () => {
    const update = jest.spyOn(AlertModel.collection, 'updateOne').mockResolvedValue(updateResult(1) as never);
    expect(await createAlertStore().acknowledge({ kind: 'deployment', deployment: course }, 'alert-1', 'teacher', NOW)).toBe(true);
    const [filter, change] = update.mock.calls[0] as unknown as [Record<string, unknown>, { $set: Record<string, unknown> }];
    expect(filter).toEqual({ issuer: course.issuer, clientId: course.clientId, deploymentId: 'dep-1', alertId: 'alert-1', state: 'open' });
    expect(change.$set).toEqual({ state: 'acknowledged', acknowledgedAt: NOW, acknowledgedBy: 'teacher' });
  });

  it('refuses an id that is not a plain string before any query (an operator would match other tenants)', async () => {
    const find = jest.spyOn(AlertModel.collection, 'findOne');
    await expect(createAlertStore().findAlert({ kind: 'course', course }, { $ne: null } as unknown as string)).rejects.toThrow(TypeError);
    expect(() => scopeFilter({ kind: 'course', course: { ...course, contextId: { $gt: '' } as unknown as string } })).toThrow(TypeError);
    expect(find).not.toHaveBeenCalled();
  });

  it('settles a delivery only while the owner holds it', async () => {
    jest.spyOn(AlertDeliveryModel.collection, 'findOne').mockResolvedValue(null as never);
    const remove = jest.spyOn(AlertDeliveryModel.collection, 'deleteOne');
    const attempt = { deliveryId: 'd-1', alertId: 'a-1', channel: 'webhook' as const, attempt: 1, at: NOW, outcome: 'delivered' as const };
    expect(await createAlertStore().settleDelivery('d-1', 'someone-else', attempt, null)).toBe(false);
    expect(remove).not.toHaveBeenCalled();
  });
});
