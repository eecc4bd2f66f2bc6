import type { AuditEntry, AuditInput } from '../ports/audit';
import { EMPTY_PURGE_REPORT, type PurgeReport, type RetentionStore } from '../ports/retention';
import { addReports, courseKeyOf, RETENTION_BATCH, retentionCutoffs, textsPurgedAudit } from '../shared/retention-plan';
import type { SqliteDatabase } from './database';

/** Written exactly as the WHERE of the partial index reviews_withheld_text (retention-schema.ts). */
export const WITHHELD_TEXT = "status IN ('held', 'hidden') AND (title <> '' OR liked <> '' OR improve <> '' OR hidden_reason IS NOT NULL)";
/** Written exactly as the WHERE of course_members_last_launch. */
const NOT_REDUCED = 'launch_count > 0';
/** Written exactly as the WHERE of alerts_acknowledged (alerts-schema.ts). */
const ACKNOWLEDGED = "state = 'acknowledged'";

/**
 * Every statement a purge runs, exported for the EXPLAIN QUERY PLAN tests: each reads one range of
 * an index (and batches take at most @limit rows, each batch its own short transaction).
 */
export const RETENTION_SQL = {
  deleteSessions: 'DELETE FROM launch_sessions WHERE rowid IN (SELECT rowid FROM launch_sessions WHERE expires_at <= @cutoff LIMIT @limit)',
  deleteAudit: 'DELETE FROM audit_entries WHERE seq IN (SELECT seq FROM audit_entries WHERE at <= @cutoff LIMIT @limit)',
  idleMembers: `SELECT rowid AS id, first_learner_launch_at IS NOT NULL AS learner FROM course_members WHERE ${NOT_REDUCED} AND last_launch_at <= @cutoff LIMIT @limit`,
  withheldReviews: `SELECT id, issuer, client_id, deployment_id, context_id FROM reviews WHERE ${WITHHELD_TEXT} AND updated_at <= @cutoff LIMIT @limit`,
  countSessions: 'SELECT count(*) AS n FROM launch_sessions WHERE expires_at <= @cutoff',
  countAudit: 'SELECT count(*) AS n FROM audit_entries WHERE at <= @cutoff',
  countIdleMembers: `SELECT count(*) AS n, coalesce(sum(first_learner_launch_at IS NOT NULL), 0) AS learners FROM course_members WHERE ${NOT_REDUCED} AND last_launch_at <= @cutoff`,
  countWithheldReviews: `SELECT count(*) AS n FROM reviews WHERE ${WITHHELD_TEXT} AND updated_at <= @cutoff`,
  // Alerts (migration 30): acknowledged ones by acknowledgement date, attempts by date and by alert.
  acknowledgedAlerts: `SELECT id FROM alerts WHERE ${ACKNOWLEDGED} AND acknowledged_at <= @cutoff LIMIT @limit`,
  deleteAlertAttempts: 'DELETE FROM alert_delivery_log WHERE alert_id = @alertId',
  deleteAlertDeliveries: 'DELETE FROM alert_deliveries WHERE alert_id = @alertId',
  deleteAlert: `DELETE FROM alerts WHERE id = @alertId AND ${ACKNOWLEDGED} AND acknowledged_at <= @cutoff`,
  deleteAttempts: 'DELETE FROM alert_delivery_log WHERE seq IN (SELECT seq FROM alert_delivery_log WHERE at <= @cutoff LIMIT @limit)',
  countAlerts: `SELECT count(*) AS n FROM alerts WHERE ${ACKNOWLEDGED} AND acknowledged_at <= @cutoff`,
  countAlertDeliveries: `SELECT count(*) AS n FROM alert_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE ${ACKNOWLEDGED} AND acknowledged_at <= @cutoff)`,
  // An attempt is counted once, whether it goes with its alert, by its age, or both.
  countAttempts: `SELECT (SELECT count(*) FROM alert_delivery_log WHERE at <= @cutoff)
    + (SELECT count(*) FROM alert_delivery_log WHERE at > @cutoff AND alert_id IN (SELECT id FROM alerts WHERE ${ACKNOWLEDGED} AND acknowledged_at <= @cutoff)) AS n`,
} as const;

interface WithheldRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
}

/** Lets the server's requests run between two batches: better-sqlite3 is synchronous. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The SQLite retention purge. Sessions and audit entries go by one DELETE per batch; members and
 * reviews are read a batch at a time and changed in one IMMEDIATE transaction per batch (with the
 * audit entries of the reviews' courses). Blanking a review is an UPDATE of its row, so the
 * course generation trigger (course-generations-schema.ts) bumps its course in that transaction:
 * more than needed (learners' shared pages list published reviews only) but never less.
 * updated_at is left alone: it says when a person last changed the review.
 */
export function createSqliteRetentionStore(db: SqliteDatabase, appendAudit: (entry: AuditInput) => AuditEntry): RetentionStore {
  const statement = Object.fromEntries(Object.entries(RETENTION_SQL).map(([name, sql]) => [name, db.prepare(sql)])) as {
    [K in keyof typeof RETENTION_SQL]: ReturnType<SqliteDatabase['prepare']>;
  };
  const removeMember = db.prepare('DELETE FROM course_members WHERE rowid = ?');
  const reduceMember = db.prepare("UPDATE course_members SET name = '', launch_count = 0 WHERE rowid = ?");
  const blankReview = db.prepare('UPDATE reviews SET title = \'\', liked = \'\', improve = \'\', hidden_reason = NULL WHERE id = ?');

  const memberBatch = db.transaction((cutoff: number): { removed: number; reduced: number; read: number } => {
    const rows = statement.idleMembers.all({ cutoff, limit: RETENTION_BATCH }) as { id: number; learner: 0 | 1 }[];
    let removed = 0;
    let reduced = 0;
    for (const row of rows) {
      if (row.learner) reduced += reduceMember.run(row.id).changes;
      else removed += removeMember.run(row.id).changes;
    }
    return { removed, reduced, read: rows.length };
  });

  const reviewBatch = db.transaction((cutoff: number, days: number, now: Date): { blanked: number; read: number } => {
    const rows = statement.withheldReviews.all({ cutoff, limit: RETENTION_BATCH }) as WithheldRow[];
    const perCourse = new Map<string, { row: WithheldRow; count: number }>();
    for (const row of rows) {
      blankReview.run(row.id);
      const key = courseKeyOf({ issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id });
      const entry = perCourse.get(key) ?? { row, count: 0 };
      entry.count += 1;
      perCourse.set(key, entry);
    }
    for (const { row, count } of perCourse.values()) {
      appendAudit(textsPurgedAudit({ issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id }, count, days, now));
    }
    return { blanked: rows.length, read: rows.length };
  });

  /**
   * A batch of acknowledged alerts, each with its attempts and pending deliveries, in one transaction.
   * An acknowledged alert never becomes open again; the DELETE repeats the condition all the same.
   */
  const alertBatch = db.transaction((cutoff: number): { alerts: number; deliveries: number; attempts: number; read: number } => {
    const rows = statement.acknowledgedAlerts.all({ cutoff, limit: RETENTION_BATCH }) as { id: string }[];
    const done = { alerts: 0, deliveries: 0, attempts: 0, read: rows.length };
    for (const { id } of rows) {
      done.attempts += statement.deleteAlertAttempts.run({ alertId: id }).changes;
      done.deliveries += statement.deleteAlertDeliveries.run({ alertId: id }).changes;
      done.alerts += statement.deleteAlert.run({ alertId: id, cutoff }).changes;
    }
    return done;
  });

  /** Runs batches until one comes back short; returns what they changed in all. */
  async function drain(batch: () => { changed: number; read: number }): Promise<number> {
    let total = 0;
    for (;;) {
      const { changed, read } = batch();
      total += changed;
      if (read < RETENTION_BATCH) return total;
      await yieldToRequests();
    }
  }

  return {
    async purge(policy, now) {
      const cutoffs = retentionCutoffs(policy, now);
      let report = EMPTY_PURGE_REPORT;
      if (cutoffs.sessions) {
        const cutoff = cutoffs.sessions.getTime();
        report = addReports(report, { sessions: await drain(() => count(statement.deleteSessions.run({ cutoff, limit: RETENTION_BATCH }).changes)) });
      }
      if (cutoffs.launchRecords) {
        const cutoff = cutoffs.launchRecords.getTime();
        let removed = 0;
        const reduced = await drain(() => {
          const done = memberBatch.immediate(cutoff);
          removed += done.removed;
          return { changed: done.reduced, read: done.read };
        });
        report = addReports(report, { launchRecordsRemoved: removed, launchRecordsReduced: reduced });
      }
      if (cutoffs.audit) {
        const cutoff = cutoffs.audit.getTime();
        report = addReports(report, { auditEntries: await drain(() => count(statement.deleteAudit.run({ cutoff, limit: RETENTION_BATCH }).changes)) });
      }
      // After the audit purge: the entries written here are dated now, never older than any cut-off.
      if (cutoffs.reviewTexts && policy.hiddenReviewTextDays !== null) {
        const cutoff = cutoffs.reviewTexts.getTime();
        const days = policy.hiddenReviewTextDays;
        report = addReports(report, {
          reviewTexts: await drain(() => {
            const done = reviewBatch.immediate(cutoff, days, now);
            return { changed: done.blanked, read: done.read };
          }),
        });
      }
      if (cutoffs.alerts) {
        const cutoff = cutoffs.alerts.getTime();
        let deliveries = 0;
        let attempts = 0;
        const alerts = await drain(() => {
          const done = alertBatch.immediate(cutoff);
          deliveries += done.deliveries;
          attempts += done.attempts;
          return { changed: done.alerts, read: done.read };
        });
        attempts += await drain(() => count(statement.deleteAttempts.run({ cutoff, limit: RETENTION_BATCH }).changes));
        report = addReports(report, { alerts, alertDeliveries: deliveries, deliveryAttempts: attempts });
      }
      return report;
    },

    async preview(policy, now) {
      const cutoffs = retentionCutoffs(policy, now);
      const n = (query: keyof typeof RETENTION_SQL, cutoff: Date | null): number => (cutoff ? (statement[query].get({ cutoff: cutoff.getTime() }) as { n: number }).n : 0);
      const members = cutoffs.launchRecords
        ? (statement.countIdleMembers.get({ cutoff: cutoffs.launchRecords.getTime() }) as { n: number; learners: number })
        : { n: 0, learners: 0 };
      return {
        sessions: n('countSessions', cutoffs.sessions),
        launchRecordsRemoved: members.n - members.learners,
        launchRecordsReduced: members.learners,
        auditEntries: n('countAudit', cutoffs.audit),
        reviewTexts: n('countWithheldReviews', cutoffs.reviewTexts),
        alerts: n('countAlerts', cutoffs.alerts),
        alertDeliveries: n('countAlertDeliveries', cutoffs.alerts),
        deliveryAttempts: n('countAttempts', cutoffs.alerts),
      };
    },
  };
}

/** A one-statement batch: it read as many rows as it changed. */
const count = (changed: number) => ({ changed, read: changed });
