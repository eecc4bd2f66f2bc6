import type { QueryFilter, Model, Types } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { EMPTY_PURGE_REPORT, type PurgeReport, type RetentionStore } from '../ports/retention';
import { addReports, courseKeyOf, hasWithheldText, RETENTION_BATCH, retentionCutoffs, textsPurgedAudit } from '../shared/retention-plan';
import { AlertDeliveryModel, AlertModel, DeliveryLogModel } from './alert-models';
import { appendAuditDoc } from './audit-store';
import { AuditModel, REVIEW_WITHHELD_TEXT_INDEX, ReviewModel, WITHHELD_WITH_TEXT, type ReviewDoc } from './course-models';
import { bumpGeneration } from './generation-store';
import { courseFilter } from './keys';
import { MemberModel, SessionModel, type MemberDoc } from './models';
import { inTransaction } from './transaction';

/** The index each purge reads, one range each (test/unit/indexes-mongo.test.ts checks the plans). */
export const RETENTION_INDEXES = {
  sessions: 'lv_session_ttl',
  members: 'lv_member_last_launch',
  audit: 'lv_audit_at',
  reviews: REVIEW_WITHHELD_TEXT_INDEX,
  alerts: 'lv_alerts_acknowledged',
  attempts: 'lv_alert_log_at',
} as const;

/** Written exactly as the partial filter of lv_member_last_launch. */
const NOT_REDUCED = { launchCount: { $gt: 0 } } as const;

export const retentionFilters = {
  sessions: (cutoff: Date) => ({ expiresAt: { $lte: cutoff } }),
  audit: (cutoff: Date) => ({ at: { $lte: cutoff } }),
  members: (cutoff: Date) => ({ ...NOT_REDUCED, lastLaunchAt: { $lte: cutoff } }),
  reviews: (cutoff: Date) => ({ ...WITHHELD_WITH_TEXT, updatedAt: { $lte: cutoff } }),
  // state as the partial filter of lv_alerts_acknowledged writes it, which is what lets the server use it.
  alerts: (cutoff: Date) => ({ state: 'acknowledged' as const, acknowledgedAt: { $lte: cutoff } }),
  attempts: (cutoff: Date) => ({ at: { $lte: cutoff } }),
};

type WithId = { _id: Types.ObjectId };
type Withheld = Pick<ReviewDoc, 'reviewId' | 'issuer' | 'clientId' | 'deploymentId' | 'contextId'>;

/** Deletes what `filter` matches, a batch of ids at a time read in index order. */
async function deleteInBatches<T>(model: Model<T>, filter: QueryFilter<T>, order: string, hint: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await model.find(filter, { _id: 1 }).sort({ [order]: 1 }).limit(RETENTION_BATCH).hint(hint).lean<WithId[]>().exec();
    if (page.length === 0) return deleted;
    // The filter again: a record changed since it was read (a session cannot, an entry neither) stays.
    deleted += (await model.deleteMany({ ...filter, _id: { $in: page.map((d) => d._id) } } as QueryFilter<T>).exec()).deletedCount;
    if (page.length < RETENTION_BATCH) return deleted;
  }
}

/** Members who launched as learners are reduced ("took this course" stays), the others removed. */
async function purgeMembers(cutoff: Date): Promise<{ removed: number; reduced: number }> {
  const filter = retentionFilters.members(cutoff);
  let removed = 0;
  let reduced = 0;
  for (;;) {
    const page = await MemberModel.find(filter, { _id: 1, firstLearnerLaunchAt: 1 })
      .sort({ lastLaunchAt: 1 })
      .limit(RETENTION_BATCH)
      .hint(RETENTION_INDEXES.members)
      .lean<Array<WithId & Pick<MemberDoc, 'firstLearnerLaunchAt'>>>()
      .exec();
    const learners = page.filter((d) => d.firstLearnerLaunchAt != null).map((d) => d._id);
    const others = page.filter((d) => d.firstLearnerLaunchAt == null).map((d) => d._id);
    // A launch since the read moved lastLaunchAt (and may have set firstLearnerLaunchAt): the filters leave that member alone.
    if (others.length > 0) removed += (await MemberModel.deleteMany({ ...filter, _id: { $in: others }, firstLearnerLaunchAt: null }).exec()).deletedCount;
    if (learners.length > 0) reduced += (await MemberModel.updateMany({ ...filter, _id: { $in: learners } }, { $set: { name: '', launchCount: 0 } }).exec()).modifiedCount;
    if (page.length < RETENTION_BATCH) return { removed, reduced };
  }
}

/**
 * One course's withheld reviews of a batch, in one transaction: the texts unset (which takes them out
 * of lv_review_withheld_text), one audit entry with the count, and a generation bump. Learners'
 * shared pages list published reviews only, but the author of a held review sees its text (read per
 * view, not from the shared page): the bump keeps both adapters alike (SQLite's trigger bumps too).
 * Returns the reviews found (touched) and those that had a text (counted).
 */
async function blankCourse(course: ContextKey, ids: string[], cutoff: Date, days: number, now: Date): Promise<{ touched: number; blanked: number }> {
  return inTransaction(async (session) => {
    const filter = { ...courseFilter(course), reviewId: { $in: ids }, ...retentionFilters.reviews(cutoff) };
    const docs = await ReviewModel.find(filter, { _id: 0, reviewId: 1, title: 1, liked: 1, improve: 1, hiddenReason: 1 })
      .session(session)
      .lean<Array<Pick<ReviewDoc, 'reviewId' | 'title' | 'liked' | 'improve' | 'hiddenReason'>>>()
      .exec();
    if (docs.length === 0) return { touched: 0, blanked: 0 };
    const found = { ...courseFilter(course), reviewId: { $in: docs.map((d) => d.reviewId) } };
    await ReviewModel.updateMany(found, { $unset: { title: 1, liked: 1, improve: 1, hiddenReason: 1 } }, { session }).exec();
    // Texts that were all empty already are unset too (out of the index) but not counted, as SQLite never lists them.
    const blanked = docs.filter((d) => hasWithheldText({ title: d.title ?? '', liked: d.liked ?? '', improve: d.improve ?? '', ...(d.hiddenReason != null ? { hiddenReason: d.hiddenReason } : {}) })).length;
    if (blanked > 0) {
      await appendAuditDoc(textsPurgedAudit(course, blanked, days, now), session);
      await bumpGeneration(course, session);
    }
    return { touched: docs.length, blanked };
  }, course);
}

async function purgeReviewTexts(cutoff: Date, days: number, now: Date): Promise<number> {
  let blanked = 0;
  for (;;) {
    const page = await ReviewModel.find(retentionFilters.reviews(cutoff), { _id: 0, reviewId: 1, issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 })
      .sort({ updatedAt: 1, reviewId: 1 })
      .limit(RETENTION_BATCH)
      .hint(RETENTION_INDEXES.reviews)
      .lean<Withheld[]>()
      .exec();
    const byCourse = new Map<string, { course: ContextKey; ids: string[] }>();
    for (const doc of page) {
      const course = { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId ?? '', contextId: doc.contextId ?? '' };
      const key = courseKeyOf(course);
      const group = byCourse.get(key) ?? { course, ids: [] };
      group.ids.push(doc.reviewId);
      byCourse.set(key, group);
    }
    let touched = 0;
    for (const { course, ids } of byCourse.values()) {
      const done = await blankCourse(course, ids, cutoff, days, now);
      touched += done.touched;
      blanked += done.blanked;
    }
    // Every review touched left the range; a full page that touched none would be read again forever.
    if (page.length < RETENTION_BATCH || touched === 0) return blanked;
  }
}

/**
 * Acknowledged alerts a batch at a time: the batch's attempts and pending deliveries first, then the
 * alerts (re-checking the filter), so that a purge cut short leaves alerts to find again, never
 * attempts or deliveries of an alert gone. No transaction: each step is idempotent.
 */
async function purgeAlerts(cutoff: Date): Promise<{ alerts: number; deliveries: number; attempts: number }> {
  const filter = retentionFilters.alerts(cutoff);
  const done = { alerts: 0, deliveries: 0, attempts: 0 };
  for (;;) {
    const page = await AlertModel.find(filter, { _id: 0, alertId: 1 }).sort({ acknowledgedAt: 1 }).limit(RETENTION_BATCH).hint(RETENTION_INDEXES.alerts).lean<Array<{ alertId: string }>>().exec();
    if (page.length === 0) return done;
    const ids = page.map((d) => d.alertId);
    done.attempts += (await DeliveryLogModel.deleteMany({ alertId: { $in: ids } }).exec()).deletedCount;
    done.deliveries += (await AlertDeliveryModel.deleteMany({ alertId: { $in: ids } }).exec()).deletedCount;
    done.alerts += (await AlertModel.deleteMany({ ...filter, alertId: { $in: ids } }).exec()).deletedCount;
    if (page.length < RETENTION_BATCH) return done;
  }
}

/** The MongoDB retention purge: batches of ids read in index order, each change re-checking its filter. */
export function createRetentionStore(): RetentionStore {
  return {
    async purge(policy, now) {
      const cutoffs = retentionCutoffs(policy, now);
      let report: PurgeReport = EMPTY_PURGE_REPORT;
      if (cutoffs.sessions) report = addReports(report, { sessions: await deleteInBatches(SessionModel, retentionFilters.sessions(cutoffs.sessions), 'expiresAt', RETENTION_INDEXES.sessions) });
      if (cutoffs.launchRecords) {
        const members = await purgeMembers(cutoffs.launchRecords);
        report = addReports(report, { launchRecordsRemoved: members.removed, launchRecordsReduced: members.reduced });
      }
      if (cutoffs.audit) report = addReports(report, { auditEntries: await deleteInBatches(AuditModel, retentionFilters.audit(cutoffs.audit), 'at', RETENTION_INDEXES.audit) });
      // After the audit purge: the entries written here are dated now, never older than any cut-off.
      if (cutoffs.reviewTexts && policy.hiddenReviewTextDays !== null) {
        report = addReports(report, { reviewTexts: await purgeReviewTexts(cutoffs.reviewTexts, policy.hiddenReviewTextDays, now) });
      }
      if (cutoffs.alerts) {
        const alerts = await purgeAlerts(cutoffs.alerts);
        const attempts = await deleteInBatches(DeliveryLogModel, retentionFilters.attempts(cutoffs.alerts), 'at', RETENTION_INDEXES.attempts);
        report = addReports(report, { alerts: alerts.alerts, alertDeliveries: alerts.deliveries, deliveryAttempts: alerts.attempts + attempts });
      }
      return report;
    },

    async preview(policy, now) {
      const cutoffs = retentionCutoffs(policy, now);
      const members = cutoffs.launchRecords ? retentionFilters.members(cutoffs.launchRecords) : null;
      const [alerts, alertDeliveries, deliveryAttempts] = cutoffs.alerts ? await previewAlerts(cutoffs.alerts) : [0, 0, 0];
      const [sessions, idle, learners, auditEntries, reviewTexts] = await Promise.all([
        cutoffs.sessions ? SessionModel.countDocuments(retentionFilters.sessions(cutoffs.sessions)).exec() : 0,
        members ? MemberModel.countDocuments(members).exec() : 0,
        members ? MemberModel.countDocuments({ ...members, firstLearnerLaunchAt: { $ne: null } }).exec() : 0,
        cutoffs.audit ? AuditModel.countDocuments(retentionFilters.audit(cutoffs.audit)).exec() : 0,
        cutoffs.reviewTexts
          ? ReviewModel.countDocuments({
              ...retentionFilters.reviews(cutoffs.reviewTexts),
              $or: [{ title: { $gt: '' } }, { liked: { $gt: '' } }, { improve: { $gt: '' } }, { hiddenReason: { $ne: null } }],
            }).exec()
          : 0,
      ]);
      return { sessions, launchRecordsRemoved: idle - learners, launchRecordsReduced: learners, auditEntries, reviewTexts, alerts, alertDeliveries, deliveryAttempts };
    },
  };
}

/** What purgeAlerts and the attempts' purge would remove: an attempt is counted once, by age or with its alert. */
async function previewAlerts(cutoff: Date): Promise<[number, number, number]> {
  const ids = (await AlertModel.find(retentionFilters.alerts(cutoff), { _id: 0, alertId: 1 }).hint(RETENTION_INDEXES.alerts).lean<Array<{ alertId: string }>>().exec()).map((d) => d.alertId);
  const [alerts, deliveries, old, ofAlerts] = await Promise.all([
    ids.length,
    ids.length > 0 ? AlertDeliveryModel.countDocuments({ alertId: { $in: ids } }).exec() : 0,
    DeliveryLogModel.countDocuments(retentionFilters.attempts(cutoff)).exec(),
    ids.length > 0 ? DeliveryLogModel.countDocuments({ alertId: { $in: ids }, at: { $gt: cutoff } }).exec() : 0,
  ]);
  return [alerts, deliveries, old + ofAlerts];
}
