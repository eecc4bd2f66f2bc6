/**
 * Alerts on SQLite (tables of migration 22). Raising is an INSERT OR IGNORE on the unique dedupe key
 * and the deliveries' inserts in one transaction; a claim is a read and its updates under an IMMEDIATE
 * transaction (the write lock before the read), as the grade outbox's (grade-outbox-store.ts).
 */
import type { ContextKey, PlatformKey } from '../../context/tenant';
import type { AlertKind } from '../../listening/alerts/alert-rules';
import type { Alert, AlertDelivery, AlertPageQuery, AlertScope, AlertStore, DeliveryAttempt } from '../ports/alerts';
import { alertPage, DELIVERY_LOG_KEPT, planRaise, rulesFromStored } from '../shared/alert-records';
import { checkLimit } from '../shared/cursor';
import { statementCache, type SqliteDatabase } from './database';
import { courseParams } from './settings-store';

interface AlertRow {
  id: string;
  dedupe_key: string;
  kind: AlertKind;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  review_ids: string;
  facts: string;
  raised_at: number;
  state: 'open' | 'acknowledged';
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  issuer: string;
  client_id: string;
  channel: 'webhook' | 'email';
  recipient: string;
  attempts: number;
  next_attempt_at: number;
}

interface LogRow {
  delivery_id: string;
  alert_id: string;
  channel: 'webhook' | 'email';
  attempt: number;
  at: number;
  status: number | null;
  outcome: DeliveryAttempt['outcome'];
  error: string | null;
}

const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  kind: r.kind,
  course: { issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id },
  dedupeKey: r.dedupe_key,
  // Written by raise() from arrays and objects only.
  reviewIds: JSON.parse(r.review_ids) as string[],
  facts: JSON.parse(r.facts) as Alert['facts'],
  raisedAt: new Date(r.raised_at),
  state: r.state,
  ...(r.acknowledged_at === null ? {} : { acknowledgedAt: new Date(r.acknowledged_at) }),
  ...(r.acknowledged_by === null ? {} : { acknowledgedBy: r.acknowledged_by }),
});

const toDelivery = (r: DeliveryRow): AlertDelivery => ({
  id: r.id,
  alertId: r.alert_id,
  platform: { issuer: r.issuer, clientId: r.client_id },
  channel: r.channel,
  recipient: r.recipient,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
});

const toAttempt = (r: LogRow): DeliveryAttempt => ({
  deliveryId: r.delivery_id,
  alertId: r.alert_id,
  channel: r.channel,
  attempt: r.attempt,
  at: new Date(r.at),
  outcome: r.outcome,
  ...(r.status === null ? {} : { status: r.status }),
  ...(r.error === null ? {} : { error: r.error }),
});

const PLATFORM = 'issuer = @issuer AND client_id = @clientId';
const DEPLOYMENT = `${PLATFORM} AND deployment_id = @deploymentId`;
const COURSE = `${DEPLOYMENT} AND context_id = @contextId`;

const pk = (platform: PlatformKey) => ({ issuer: platform.issuer, clientId: platform.clientId });

function scopeSql(scope: AlertScope): { where: string; params: Record<string, string> } {
  return scope.kind === 'course'
    ? { where: COURSE, params: courseParams(scope.course) }
    : { where: DEPLOYMENT, params: { issuer: scope.deployment.issuer, clientId: scope.deployment.clientId, deploymentId: scope.deployment.deploymentId } };
}

/**
 * The read API's page (ports/alerts.ts pageAlerts): the scope's equalities, the state's when asked,
 * and the row value after the previous page's last alert, read backwards along the scope's
 * alerts_page_* index (migration 30). Exported for the EXPLAIN QUERY PLAN test.
 */
export function alertPageSql(query: Pick<AlertPageQuery, 'scope' | 'state' | 'after'>): { sql: string; params: Record<string, string | number> } {
  const { scope } = query;
  const base =
    scope.kind === 'platform'
      ? { where: PLATFORM, params: pk(scope.platform) as Record<string, string | number> }
      : scopeSql(scope);
  const where = [base.where];
  const params: Record<string, string | number> = { ...base.params };
  if (query.state) {
    where.push('state = @state');
    params.state = query.state;
  }
  if (query.after) {
    where.push('(raised_at, id) < (@afterAt, @afterId)');
    params.afterAt = query.after.raisedAt.getTime();
    params.afterId = query.after.id;
  }
  return { sql: `SELECT * FROM alerts WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT @limit`, params };
}

export function createSqliteAlertStore(db: SqliteDatabase): AlertStore {
  // Scoped reads and writes below build their SQL from fixed fragments: each text is compiled once.
  const prepared = statementCache(db);
  const insertAlert = db.prepare(`INSERT OR IGNORE INTO alerts (id, dedupe_key, kind, issuer, client_id, deployment_id, context_id, review_ids, facts, raised_at, state)
    VALUES (@id, @dedupeKey, @kind, @issuer, @clientId, @deploymentId, @contextId, @reviewIds, @facts, @raisedAt, 'open')`);
  const insertDelivery = db.prepare(`INSERT INTO alert_deliveries (id, alert_id, issuer, client_id, channel, recipient, attempts, next_attempt_at)
    VALUES (@id, @alertId, @issuer, @clientId, @channel, @recipient, 0, @nextAttemptAt)`);
  const due = db.prepare('SELECT * FROM alert_deliveries WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit');
  const take = db.prepare('UPDATE alert_deliveries SET claimed_by = @owner, next_attempt_at = @leaseUntil WHERE id = @id');
  const finish = db.prepare('DELETE FROM alert_deliveries WHERE id = @id AND claimed_by = @owner');
  const retry = db.prepare('UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = @next, claimed_by = NULL WHERE id = @id AND claimed_by = @owner');
  const release = db.prepare('UPDATE alert_deliveries SET next_attempt_at = @now, claimed_by = NULL WHERE id = @id AND claimed_by = @owner');
  const delivery = db.prepare('SELECT issuer, client_id FROM alert_deliveries WHERE id = @id');
  const log = db.prepare(`INSERT INTO alert_delivery_log (issuer, client_id, delivery_id, alert_id, channel, attempt, at, status, outcome, error)
    VALUES (@issuer, @clientId, @deliveryId, @alertId, @channel, @attempt, @at, @status, @outcome, @error)`);
  const prune = db.prepare(`DELETE FROM alert_delivery_log WHERE ${PLATFORM} AND seq <= (
    SELECT seq FROM alert_delivery_log WHERE ${PLATFORM} ORDER BY seq DESC LIMIT 1 OFFSET ${DELIVERY_LOG_KEPT})`);

  const raise = db.transaction((plan: ReturnType<typeof planRaise>): boolean => {
    const { alert } = plan;
    const inserted = insertAlert.run({
      id: alert.id,
      dedupeKey: alert.dedupeKey,
      kind: alert.kind,
      ...courseParams(alert.course),
      reviewIds: JSON.stringify(alert.reviewIds),
      facts: JSON.stringify(alert.facts),
      raisedAt: alert.raisedAt.getTime(),
    });
    if (inserted.changes === 0) return false;
    for (const d of plan.deliveries) {
      insertDelivery.run({ id: d.id, alertId: d.alertId, issuer: d.platform.issuer, clientId: d.platform.clientId, channel: d.channel, recipient: d.recipient, nextAttemptAt: d.nextAttemptAt.getTime() });
    }
    return true;
  });

  const claim = db.transaction((owner: string, now: number, leaseUntil: number, limit: number): DeliveryRow[] => {
    const rows = due.all({ now, limit }) as DeliveryRow[];
    for (const row of rows) take.run({ id: row.id, owner, leaseUntil });
    return rows.map((row) => ({ ...row, next_attempt_at: leaseUntil }));
  });

  const settle = db.transaction((id: string, owner: string, attempt: DeliveryAttempt, retryAt: number | null): boolean => {
    const platform = delivery.get({ id }) as { issuer: string; client_id: string } | undefined;
    if (!platform) return false;
    const changed = retryAt === null ? finish.run({ id, owner }).changes : retry.run({ id, owner, next: retryAt }).changes;
    if (changed !== 1) return false;
    const params = { issuer: platform.issuer, clientId: platform.client_id };
    log.run({
      ...params,
      deliveryId: id,
      alertId: attempt.alertId,
      channel: attempt.channel,
      attempt: attempt.attempt,
      at: attempt.at.getTime(),
      status: attempt.status ?? null,
      outcome: attempt.outcome,
      error: attempt.error?.slice(0, 300) ?? null,
    });
    prune.run(params);
    return true;
  });

  const forget = db.transaction((issuer: string, clientId: string, userId: string): number => {
    const emails = prepared(`SELECT DISTINCT email FROM instructor_emails WHERE ${PLATFORM} AND user_id = @userId`).all({ issuer, clientId, userId }) as { email: string }[];
    const removed = prepared(`DELETE FROM instructor_emails WHERE ${PLATFORM} AND user_id = @userId`).run({ issuer, clientId, userId }).changes;
    const stillKept = prepared(`SELECT 1 FROM instructor_emails WHERE ${PLATFORM} AND email = @email LIMIT 1`);
    const drop = prepared(`DELETE FROM alert_deliveries WHERE ${PLATFORM} AND channel = 'email' AND recipient = @email`);
    // An address another person of the platform still shares (a team mailbox) keeps its deliveries.
    for (const { email } of emails) if (!stillKept.get({ issuer, clientId, email })) drop.run({ issuer, clientId, email });
    return removed;
  });

  return {
    async findRules(platform) {
      const row = prepared(`SELECT rules FROM alert_rules WHERE ${PLATFORM}`).get(pk(platform)) as { rules: string } | undefined;
      return row ? rulesFromStored(JSON.parse(row.rules)) : null;
    },
    async saveRules(platform, rules, at) {
      prepared(`INSERT INTO alert_rules (issuer, client_id, rules, updated_at) VALUES (@issuer, @clientId, @rules, @at)
        ON CONFLICT (issuer, client_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`).run({ ...pk(platform), rules: JSON.stringify(rules), at: at.getTime() });
    },
    async findWebhook(platform) {
      const row = prepared(`SELECT url, secret, updated_at FROM alert_webhooks WHERE ${PLATFORM}`).get(pk(platform)) as { url: string; secret: string; updated_at: number } | undefined;
      return row ? { url: row.url, hasSecret: row.secret !== '', updatedAt: new Date(row.updated_at) } : null;
    },
    async saveWebhook(platform, url, secret, at) {
      prepared(`INSERT INTO alert_webhooks (issuer, client_id, url, secret, updated_at) VALUES (@issuer, @clientId, @url, coalesce(@secret, ''), @at)
        ON CONFLICT (issuer, client_id) DO UPDATE SET url = excluded.url, secret = coalesce(@secret, secret), updated_at = excluded.updated_at`).run({ ...pk(platform), url, secret, at: at.getTime() });
    },
    async removeWebhook(platform) {
      return prepared(`DELETE FROM alert_webhooks WHERE ${PLATFORM}`).run(pk(platform)).changes === 1;
    },
    async webhookForSending(platform) {
      const row = prepared(`SELECT url, secret FROM alert_webhooks WHERE ${PLATFORM}`).get(pk(platform)) as { url: string; secret: string } | undefined;
      return row ?? null;
    },
    async raise(draft, targets) {
      const plan = planRaise(draft, targets);
      return raise.immediate(plan) ? plan.alert : null;
    },
    async listAlerts(scope, limit) {
      const { where, params } = scopeSql(scope);
      const rows = prepared(`SELECT * FROM alerts WHERE ${where} ORDER BY state = 'open' DESC, raised_at DESC, id DESC LIMIT @limit`).all({ ...params, limit }) as AlertRow[];
      return rows.map(toAlert);
    },
    async pageAlerts(query) {
      const limit = checkLimit(query.limit);
      const { sql, params } = alertPageSql(query);
      const rows = prepared(sql).all({ ...params, limit: limit + 1 }) as AlertRow[];
      return alertPage(rows.map(toAlert), limit);
    },
    async countOpen(scope) {
      const { where, params } = scopeSql(scope);
      return (prepared(`SELECT count(*) AS n FROM alerts WHERE ${where} AND state = 'open'`).get(params) as { n: number }).n;
    },
    async findAlert(scope, alertId) {
      const { where, params } = scopeSql(scope);
      const row = prepared(`SELECT * FROM alerts WHERE ${where} AND id = @alertId`).get({ ...params, alertId }) as AlertRow | undefined;
      return row ? toAlert(row) : null;
    },
    async alertOfDelivery(alertId) {
      const row = prepared('SELECT * FROM alerts WHERE id = @alertId').get({ alertId }) as AlertRow | undefined;
      return row ? toAlert(row) : null;
    },
    async acknowledge(scope, alertId, by, at) {
      const { where, params } = scopeSql(scope);
      return (
        prepared(`UPDATE alerts SET state = 'acknowledged', acknowledged_at = @at, acknowledged_by = @by WHERE ${where} AND id = @alertId AND state = 'open'`).run({ ...params, alertId, by, at: at.getTime() })
          .changes === 1
      );
    },
    async claimDueDeliveries(owner, now, leaseMs, limit) {
      if (!(leaseMs > 0)) throw new RangeError('A claim needs a lease longer than 0 ms.');
      if (limit < 1) return [];
      return claim.immediate(owner, now.getTime(), now.getTime() + leaseMs, limit).map(toDelivery);
    },
    async settleDelivery(id, owner, attempt, retryAt) {
      return settle.immediate(id, owner, attempt, retryAt === null ? null : retryAt.getTime());
    },
    async releaseDelivery(id, owner, now) {
      return release.run({ id, owner, now: now.getTime() }).changes === 1;
    },
    async deliveryLog(platform, limit) {
      const rows = prepared(`SELECT * FROM alert_delivery_log WHERE ${PLATFORM} ORDER BY seq DESC LIMIT @limit`).all({ ...pk(platform), limit }) as LogRow[];
      return rows.map(toAttempt);
    },
    async countPendingDeliveries() {
      return (prepared('SELECT count(*) AS n FROM alert_deliveries').get() as { n: number }).n;
    },
    async rememberInstructorEmail(course, userId, email, at, locale) {
      prepared(`INSERT INTO instructor_emails (issuer, client_id, deployment_id, context_id, user_id, email, at, locale) VALUES (@issuer, @clientId, @deploymentId, @contextId, @userId, @email, @at, @locale)
        ON CONFLICT (issuer, client_id, deployment_id, context_id, user_id) DO UPDATE SET email = excluded.email, at = excluded.at, locale = excluded.locale`).run({
        ...courseParams(course), userId, email, at: at.getTime(), locale: locale ?? null,
      });
    },
    async mailLocale(course, email) {
      // The course's few instructor rows (its primary key's range): the address's own first, then the latest launch.
      const row = prepared(`SELECT locale FROM instructor_emails WHERE ${COURSE} AND locale IS NOT NULL ORDER BY email = @email DESC, at DESC LIMIT 1`).get({ ...courseParams(course), email }) as
        | { locale: 'en' | 'fr' }
        | undefined;
      return row?.locale ?? null;
    },
    async instructorEmails(course) {
      return (prepared(`SELECT DISTINCT email FROM instructor_emails WHERE ${COURSE} ORDER BY email`).all(courseParams(course)) as { email: string }[]).map((r) => r.email);
    },
    async emailsOfUser(platform, userId) {
      const rows = prepared(`SELECT * FROM instructor_emails WHERE ${PLATFORM} AND user_id = @userId ORDER BY at`).all({ issuer: platform.issuer, clientId: platform.clientId, userId }) as Array<{
        issuer: string; client_id: string; deployment_id: string; context_id: string; email: string; at: number;
      }>;
      return rows.map((r) => ({ course: { issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id } satisfies ContextKey, email: r.email, at: new Date(r.at) }));
    },
    async forgetUser(platform, userId) {
      return forget.immediate(platform.issuer, platform.clientId, userId);
    },
  };
}
