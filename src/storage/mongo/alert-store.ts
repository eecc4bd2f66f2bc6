/**
 * Alerts on MongoDB. Raising looks the dedupe key up and inserts the alert and its deliveries in one
 * transaction; two processes raising the same key at once meet at the unique index lv_alert_dedupe:
 * the loser's insert fails with a duplicate key, inTransaction runs it again, and the look-up then
 * finds the winner's alert (null). Claims take one delivery per findOneAndUpdate, as the grade
 * outbox's (grade-outbox-store.ts); settling is conditional on the owner.
 */
import type { ContextKey, PlatformKey } from '../../context/tenant';
import type { AlertKind } from '../../listening/alerts/alert-rules';
import type { Alert, AlertDelivery, AlertPageQuery, AlertPageScope, AlertScope, AlertStore, DeliveryAttempt } from '../ports/alerts';
import { alertPage, DELIVERY_LOG_KEPT, planRaise, rulesFromStored } from '../shared/alert-records';
import { checkLimit } from '../shared/cursor';
import {
  AlertDeliveryModel,
  AlertModel,
  AlertRulesModel,
  AlertWebhookModel,
  DeliveryLogModel,
  InstructorEmailModel,
  type AlertDeliveryDoc,
  type AlertDoc,
  type DeliveryLogDoc,
  type InstructorEmailDoc,
} from './alert-models';
import { courseFilter, idValue, platformFilter } from './keys';
import { inTransaction } from './transaction';

/** The claim's filter and order, exported for the stubbed-driver test. */
export const deliveryClaimQuery = (now: Date) => ({ filter: { nextAttemptAt: { $lte: now } }, sort: { nextAttemptAt: 1, deliveryId: 1 } as const });

export function scopeFilter(scope: AlertScope): Record<string, string> {
  if (scope.kind === 'course') return { ...courseFilter(scope.course) };
  return { ...platformFilter(scope.deployment), deploymentId: idValue(scope.deployment.deploymentId, 'deploymentId') };
}

/** The index each page scope reads (alert-models.ts), hinted so the server never picks a sort. */
export const ALERT_PAGE_INDEXES = {
  platform: 'lv_alerts_page_platform',
  'platform-state': 'lv_alerts_page_platform_state',
  deployment: 'lv_alerts_page_deployment',
  'deployment-state': 'lv_alerts_page_deployment_state',
  course: 'lv_alerts_page_course',
  'course-state': 'lv_alerts_page_course_state',
} as const;

/**
 * The read API's page as the driver gets it: the scope's keys, the state's when asked, and after the
 * previous page's last alert. The position is written as a bound on raisedAt (the index range starts
 * there) and an $or checked on the index keys for the alerts raised at that same moment; exported
 * for the stubbed-driver test.
 */
export function alertPageQuery(query: Pick<AlertPageQuery, 'scope' | 'state' | 'after'>) {
  const scope: AlertPageScope = query.scope;
  const filter: Record<string, unknown> = scope.kind === 'platform' ? { ...platformFilter(scope.platform) } : scopeFilter(scope);
  if (query.state) filter.state = query.state === 'open' ? 'open' : 'acknowledged';
  if (query.after) {
    const at = query.after.raisedAt;
    filter.raisedAt = { $lte: at };
    filter.$or = [{ raisedAt: { $lt: at } }, { alertId: { $lt: idValue(query.after.id, 'alertId') } }];
  }
  const hint = ALERT_PAGE_INDEXES[query.state ? (`${scope.kind}-state` as const) : scope.kind];
  return { filter, sort: { raisedAt: -1, alertId: -1 } as const, hint };
}

const toAlert = (d: AlertDoc): Alert => ({
  id: d.alertId,
  kind: d.kind as AlertKind,
  course: { issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId, contextId: d.contextId },
  dedupeKey: d.dedupeKey,
  reviewIds: [...(d.reviewIds ?? [])],
  // Written by raise() from an object only.
  facts: JSON.parse(d.facts) as Alert['facts'],
  raisedAt: new Date(d.raisedAt),
  state: d.state,
  ...(d.acknowledgedAt ? { acknowledgedAt: new Date(d.acknowledgedAt) } : {}),
  ...(d.acknowledgedBy ? { acknowledgedBy: d.acknowledgedBy } : {}),
});

const toDelivery = (d: AlertDeliveryDoc): AlertDelivery => ({
  id: d.deliveryId,
  alertId: d.alertId,
  platform: { issuer: d.issuer, clientId: d.clientId },
  channel: d.channel,
  recipient: d.recipient,
  attempts: d.attempts,
  nextAttemptAt: new Date(d.nextAttemptAt),
});

const toAttempt = (d: DeliveryLogDoc): DeliveryAttempt => ({
  deliveryId: d.deliveryId,
  alertId: d.alertId,
  channel: d.channel,
  attempt: d.attempt,
  at: new Date(d.at),
  outcome: d.outcome,
  ...(d.status != null ? { status: d.status } : {}),
  ...(d.error != null ? { error: d.error } : {}),
});

/** The delivery of `id` while `owner` holds its claim (both plain strings: never an operator). */
const heldBy = (id: string, owner: string) => ({ deliveryId: idValue(id, 'deliveryId'), claimedBy: idValue(owner, 'owner') });

export function createAlertStore(): AlertStore {
  return {
    async findRules(platform) {
      const doc = await AlertRulesModel.findOne(platformFilter(platform)).lean<{ rules: string }>().exec();
      return doc ? rulesFromStored(JSON.parse(doc.rules)) : null;
    },
    async saveRules(platform, rules, at) {
      await AlertRulesModel.updateOne(platformFilter(platform), { $set: { rules: JSON.stringify(rules), updatedAt: at } }, { upsert: true }).exec();
    },
    async findWebhook(platform) {
      const doc = await AlertWebhookModel.findOne(platformFilter(platform)).lean<{ url: string; secret: string; updatedAt: Date }>().exec();
      return doc ? { url: doc.url, hasSecret: Boolean(doc.secret), updatedAt: new Date(doc.updatedAt) } : null;
    },
    async saveWebhook(platform, url, secret, at) {
      await AlertWebhookModel.updateOne(
        platformFilter(platform),
        // An empty field keeps the stored secret; a first save without one stores none.
        secret === null ? { $set: { url, updatedAt: at }, $setOnInsert: { secret: '' } } : { $set: { url, secret, updatedAt: at } },
        { upsert: true },
      ).exec();
    },
    async removeWebhook(platform) {
      return (await AlertWebhookModel.deleteOne(platformFilter(platform)).exec()).deletedCount === 1;
    },
    async webhookForSending(platform) {
      const doc = await AlertWebhookModel.findOne(platformFilter(platform)).lean<{ url: string; secret: string }>().exec();
      return doc ? { url: doc.url, secret: doc.secret } : null;
    },
    async raise(draft, targets) {
      const key = idValue(draft.dedupeKey, 'dedupeKey');
      return inTransaction(async (session) => {
        if (await AlertModel.exists({ dedupeKey: key }).session(session)) return null;
        const plan = planRaise(draft, targets);
        const { alert } = plan;
        await AlertModel.create(
          [{ ...courseFilter(alert.course), alertId: alert.id, dedupeKey: key, kind: alert.kind, reviewIds: [...alert.reviewIds], facts: JSON.stringify(alert.facts), raisedAt: alert.raisedAt, state: 'open' }],
          { session },
        );
        if (plan.deliveries.length > 0) {
          await AlertDeliveryModel.insertMany(
            plan.deliveries.map((d) => ({ deliveryId: d.id, alertId: d.alertId, ...platformFilter(d.platform), channel: d.channel, recipient: d.recipient, attempts: 0, nextAttemptAt: d.nextAttemptAt })),
            { session },
          );
        }
        return alert;
      });
    },
    async listAlerts(scope, limit) {
      const filter = scopeFilter(scope);
      // Open first (newest first), then the acknowledged ones to fill the page: two index ranges.
      const open = await AlertModel.find({ ...filter, state: 'open' }).sort({ raisedAt: -1, alertId: -1 }).limit(limit).lean<AlertDoc[]>().exec();
      const rest = open.length < limit ? await AlertModel.find({ ...filter, state: 'acknowledged' }).sort({ raisedAt: -1, alertId: -1 }).limit(limit - open.length).lean<AlertDoc[]>().exec() : [];
      return [...open, ...rest].map(toAlert);
    },
    async pageAlerts(query) {
      const limit = checkLimit(query.limit);
      const { filter, sort, hint } = alertPageQuery(query);
      const docs = await AlertModel.find(filter).sort(sort).hint(hint).limit(limit + 1).lean<AlertDoc[]>().exec();
      return alertPage(docs.map(toAlert), limit);
    },
    async countOpen(scope) {
      return AlertModel.countDocuments({ ...scopeFilter(scope), state: 'open' }).exec();
    },
    async findAlert(scope, alertId) {
      const doc = await AlertModel.findOne({ ...scopeFilter(scope), alertId: idValue(alertId, 'alertId') }).lean<AlertDoc>().exec();
      return doc ? toAlert(doc) : null;
    },
    async alertOfDelivery(alertId) {
      const doc = await AlertModel.findOne({ alertId: idValue(alertId, 'alertId') }).lean<AlertDoc>().exec();
      return doc ? toAlert(doc) : null;
    },
    async acknowledge(scope, alertId, by, at) {
      const { matchedCount } = await AlertModel.updateOne(
        { ...scopeFilter(scope), alertId: idValue(alertId, 'alertId'), state: 'open' },
        { $set: { state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by } },
      ).exec();
      return matchedCount === 1;
    },
    async claimDueDeliveries(owner, now, leaseMs, limit) {
      if (!(leaseMs > 0)) throw new RangeError('A claim needs a lease longer than 0 ms.');
      const { filter, sort } = deliveryClaimQuery(now);
      const claim = { $set: { claimedBy: idValue(owner, 'owner'), nextAttemptAt: new Date(now.getTime() + leaseMs) } };
      const claimed: AlertDelivery[] = [];
      while (claimed.length < limit) {
        const doc = await AlertDeliveryModel.findOneAndUpdate(filter, claim, { sort, returnDocument: 'after' }).lean<AlertDeliveryDoc>().exec();
        if (!doc) break;
        claimed.push(toDelivery(doc));
      }
      return claimed;
    },
    async settleDelivery(id, owner, attempt, retryAt) {
      const held = await AlertDeliveryModel.findOne(heldBy(id, owner)).lean<AlertDeliveryDoc>().exec();
      if (!held) return false;
      const settled =
        retryAt === null
          ? (await AlertDeliveryModel.deleteOne(heldBy(id, owner)).exec()).deletedCount === 1
          : (await AlertDeliveryModel.updateOne(heldBy(id, owner), { $inc: { attempts: 1 }, $set: { nextAttemptAt: retryAt }, $unset: { claimedBy: 1 } }).exec()).matchedCount === 1;
      if (!settled) return false;
      const platform = platformFilter({ issuer: held.issuer, clientId: held.clientId });
      await DeliveryLogModel.create({
        ...platform,
        deliveryId: id,
        alertId: attempt.alertId,
        channel: attempt.channel,
        attempt: attempt.attempt,
        at: attempt.at,
        outcome: attempt.outcome,
        ...(attempt.status !== undefined ? { status: attempt.status } : {}),
        ...(attempt.error !== undefined ? { error: attempt.error.slice(0, 300) } : {}),
      });
      await pruneLog(platform);
      return true;
    },
    async releaseDelivery(id, owner, now) {
      const { matchedCount } = await AlertDeliveryModel.updateOne(heldBy(id, owner), { $set: { nextAttemptAt: now }, $unset: { claimedBy: 1 } }).exec();
      return matchedCount === 1;
    },
    async deliveryLog(platform, limit) {
      const docs = await DeliveryLogModel.find(platformFilter(platform)).sort({ at: -1, _id: -1 }).limit(limit).lean<DeliveryLogDoc[]>().exec();
      return docs.map(toAttempt);
    },
    async countPendingDeliveries() {
      return AlertDeliveryModel.countDocuments({}).exec();
    },
    async rememberInstructorEmail(course, userId, email, at, locale) {
      const change = locale ? { $set: { email, at, locale } } : { $set: { email, at }, $unset: { locale: 1 } };
      await InstructorEmailModel.updateOne({ ...courseFilter(course), userId: idValue(userId, 'userId') }, change, { upsert: true }).exec();
    },
    async mailLocale(course, email) {
      // The course's few instructor documents (the prefix of lv_instructor_email_course).
      const docs = await InstructorEmailModel.find({ ...courseFilter(course), locale: { $in: ['en', 'fr'] } }, { _id: 0, email: 1, at: 1, locale: 1 }).lean<InstructorEmailDoc[]>().exec();
      const latest = (list: InstructorEmailDoc[]) => list.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())[0]?.locale ?? null;
      return latest(docs.filter((d) => d.email === email)) ?? latest(docs);
    },
    async instructorEmails(course) {
      const emails = (await InstructorEmailModel.distinct('email', courseFilter(course)).exec()) as string[];
      return emails.sort();
    },
    async emailsOfUser(platform, userId) {
      const docs = await InstructorEmailModel.find({ ...platformFilter(platform), userId: idValue(userId, 'userId') }).sort({ at: 1 }).lean<InstructorEmailDoc[]>().exec();
      return docs.map((d) => ({ course: { issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId, contextId: d.contextId } satisfies ContextKey, email: d.email, at: new Date(d.at) }));
    },
    async forgetUser(platform, userId) {
      const person = { ...platformFilter(platform), userId: idValue(userId, 'userId') };
      return inTransaction(async (session) => {
        const emails = (await InstructorEmailModel.distinct('email', person).session(session).exec()) as string[];
        const { deletedCount } = await InstructorEmailModel.deleteMany(person, { session }).exec();
        for (const email of emails) {
          // An address another person of the platform still shares (a team mailbox) keeps its deliveries.
          if (await InstructorEmailModel.exists({ ...platformFilter(platform), email }).session(session)) continue;
          await AlertDeliveryModel.deleteMany({ ...platformFilter(platform), channel: 'email', recipient: email }, { session }).exec();
        }
        return deletedCount;
      });
    },
  };
}

/** Keeps the newest DELIVERY_LOG_KEPT attempts of the platform. */
async function pruneLog(platform: PlatformKey): Promise<void> {
  const oldestKept = await DeliveryLogModel.find(platformFilter(platform)).sort({ at: -1, _id: -1 }).skip(DELIVERY_LOG_KEPT - 1).limit(1).lean<DeliveryLogDoc[]>().exec();
  if (oldestKept.length === 0) return;
  await DeliveryLogModel.deleteMany({ ...platformFilter(platform), at: { $lt: oldestKept[0]!.at } }).exec();
}
