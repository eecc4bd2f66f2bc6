/**
 * Every statement of the SQLite retention purge reads one range of an index (the partial ones hold
 * only what is left to purge), before and after ANALYZE, on a database where most rows are kept.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { RETENTION_SQL } from '../../src/storage/sqlite/retention-store';

describe('sqlite retention query plans', () => {
  let db: ReturnType<typeof openDatabase>;

  beforeAll(() => {
    db = openDatabase(':memory:');
    migrate(db);
    const at = (i: number) => 1_900_000_000_000 + i * 60_000;
    const review = db.prepare(`
      INSERT INTO reviews (id, issuer, client_id, deployment_id, context_id, item_id, author_id, author_name, author_number,
        rating, aspects, title, liked, improve, status, hold_reasons, hidden_reason, verified, helpful_count, report_count,
        created_at, updated_at, rated_at)
      VALUES (@id, 'https://lms.example', 'c1', 'd1', @contextId, 'course', @id, 'Name', 1,
        3, '{}', @title, '', '', @status, '[]', @reason, 1, 0, 0, @at, @at, @at)
    `);
    const member = db.prepare(`INSERT INTO course_members (issuer, client_id, deployment_id, context_id, user_id, name, role,
      first_launch_at, last_launch_at, first_learner_launch_at, launch_count)
      VALUES ('https://lms.example', 'c1', 'd1', @contextId, @id, 'Name', 'learner', @at, @at, @at, @count)`);
    const audit = db.prepare(`INSERT INTO audit_entries (id, issuer, client_id, deployment_id, context_id, at, actor_id, actor_name, actor_role, action, subject_type, subject_id)
      VALUES (@id, 'https://lms.example', 'c1', 'd1', @contextId, @at, 't', 'T', 'instructor', 'review.hide', 'review', @id)`);
    const session = db.prepare(`INSERT INTO launch_sessions (id, issuer, client_id, deployment_id, context_id, user_id, context, csrf_secret, created_at, expires_at)
      VALUES (@id, 'https://lms.example', 'c1', 'd1', @contextId, 'u', '{}', 's', @at, @at)`);
    const alert = db.prepare(`INSERT INTO alerts (id, dedupe_key, kind, issuer, client_id, deployment_id, context_id, review_ids, facts, raised_at, state, acknowledged_at)
      VALUES (@id, @id, 'low-spike', 'https://lms.example', 'c1', 'd1', @contextId, '[]', '{}', @at, @state, @acknowledgedAt)`);
    const attempt = db.prepare(`INSERT INTO alert_delivery_log (issuer, client_id, delivery_id, alert_id, channel, attempt, at, outcome)
      VALUES ('https://lms.example', 'c1', @id, @id, 'email', 1, @at, 'delivered')`);
    const delivery = db.prepare(`INSERT INTO alert_deliveries (id, alert_id, issuer, client_id, channel, recipient, next_attempt_at)
      VALUES (@id, @id, 'https://lms.example', 'c1', 'email', 'a@example.edu', @at)`);
    db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const acknowledged = i % 4 !== 0;
        alert.run({ id: `a-${i}`, contextId: `course-${i % 40}`, at: at(i), state: acknowledged ? 'acknowledged' : 'open', acknowledgedAt: acknowledged ? at(i + 5) : null });
        attempt.run({ id: `a-${i}`, at: at(i) });
        if (i % 50 === 0) delivery.run({ id: `a-${i}`, at: at(i) });
      }
      for (let i = 0; i < 10_000; i++) {
        const row = { id: `r-${i}`, contextId: `course-${i % 40}`, at: at(i) };
        const status = i % 11 === 0 ? 'held' : i % 13 === 0 ? 'hidden' : 'published';
        review.run({ ...row, status, title: i % 3 === 0 ? '' : 'Title', reason: status === 'hidden' && i % 2 ? 'Rude' : null });
        member.run({ ...row, count: i % 5 === 0 ? 0 : 3 });
        audit.run(row);
        session.run(row);
      }
    })();
  });

  afterAll(() => db.close());

  const plan = (sql: string, params: Record<string, unknown> = { cutoff: 1_900_000_000_000 + 500 * 60_000, limit: 500 }): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });

      it('deletes expired sessions through launch_sessions_expiry, a batch of rowids at a time', () => {
        const detail = plan(RETENTION_SQL.deleteSessions);
        expect(detail).toContain('SEARCH launch_sessions USING COVERING INDEX launch_sessions_expiry (expires_at<?)');
        expect(detail).not.toMatch(/SCAN launch_sessions/);
        expect(plan(RETENTION_SQL.countSessions)).toBe('SEARCH launch_sessions USING COVERING INDEX launch_sessions_expiry (expires_at<?)');
      });

      it('deletes old audit entries through audit_entries_at, whatever their course', () => {
        const detail = plan(RETENTION_SQL.deleteAudit);
        expect(detail).toContain('SEARCH audit_entries USING COVERING INDEX audit_entries_at (at<?)');
        expect(detail).not.toMatch(/SCAN audit_entries/);
        expect(plan(RETENTION_SQL.countAudit)).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_at (at<?)');
      });

      it('reads idle members not reduced yet through the partial index course_members_last_launch', () => {
        for (const sql of [RETENTION_SQL.idleMembers, RETENTION_SQL.countIdleMembers]) {
          expect(plan(sql)).toBe('SEARCH course_members USING INDEX course_members_last_launch (last_launch_at<?)');
        }
      });

      it('reads acknowledged alerts through the partial index alerts_acknowledged, and each one’s attempts and deliveries by alert', () => {
        for (const sql of [RETENTION_SQL.acknowledgedAlerts, RETENTION_SQL.countAlerts]) {
          expect(plan(sql)).toMatch(/^SEARCH alerts USING (COVERING )?INDEX alerts_acknowledged \(acknowledged_at<\?\)$/);
        }
        expect(plan(RETENTION_SQL.deleteAlertAttempts, { alertId: 'a-1' })).toMatch(/^SEARCH alert_delivery_log USING (COVERING )?INDEX alert_delivery_log_by_alert \(alert_id=\?\)$/);
        expect(plan(RETENTION_SQL.deleteAlertDeliveries, { alertId: 'a-1' })).toMatch(/^SEARCH alert_deliveries USING (COVERING )?INDEX alert_deliveries_by_alert \(alert_id=\?\)$/);
        // By primary key; the foreign key's cascade looks its (already deleted) deliveries up by alert too.
        const remove = plan(RETENTION_SQL.deleteAlert, { alertId: 'a-1', cutoff: 0 });
        expect(remove).toContain('SEARCH alerts USING INDEX sqlite_autoindex_alerts_1 (id=?)');
        expect(remove).not.toMatch(/SCAN alert/);
        const count = plan(RETENTION_SQL.countAlertDeliveries);
        expect(count).toContain('alerts_acknowledged (acknowledged_at<?)');
        expect(count).not.toMatch(/SCAN alert/);
      });

      it('deletes old delivery attempts through alert_delivery_log_at, and counts them once without a scan', () => {
        const detail = plan(RETENTION_SQL.deleteAttempts);
        expect(detail).toContain('SEARCH alert_delivery_log USING COVERING INDEX alert_delivery_log_at (at<?)');
        expect(detail).not.toMatch(/SCAN alert_delivery_log/);
        const count = plan(RETENTION_SQL.countAttempts);
        expect(count).toContain('alert_delivery_log_at (at<?)');
        expect(count).not.toMatch(/SCAN (alert_delivery_log|alerts)/);
      });

      it('reads withheld reviews that still carry a text through the partial index reviews_withheld_text', () => {
        for (const sql of [RETENTION_SQL.withheldReviews, RETENTION_SQL.countWithheldReviews]) {
          expect(plan(sql)).toBe('SEARCH reviews USING INDEX reviews_withheld_text (updated_at<?)');
        }
      });
    });
  }
});
