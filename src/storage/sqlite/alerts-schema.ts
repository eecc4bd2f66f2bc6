import type { Migration } from './migrations';

/**
 * Version 22: alerts (ports/alerts.ts). Versions 21 and 23+ are other changes'. The dedupe key is
 * unique: of two processes raising one condition, the second insert is ignored. Deliveries are the
 * outbox (claimed by range of alert_deliveries_claim, as the grade outbox's claims); a delivery that
 * is done is deleted, its attempts stay in the log. Instructors' addresses are kept per course and
 * person, found by person for data-protection requests. Frozen text, like every released migration.
 */
export const ALERTS_MIGRATION: Migration = {
  version: 22,
  name: 'alert rules, webhooks, alerts, their delivery outbox and log, instructors e-mail addresses',
  up: `
    CREATE TABLE alert_rules (
      issuer     TEXT    NOT NULL,
      client_id  TEXT    NOT NULL,
      rules      TEXT    NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id)
    ) WITHOUT ROWID;

    CREATE TABLE alert_webhooks (
      issuer     TEXT    NOT NULL,
      client_id  TEXT    NOT NULL,
      url        TEXT    NOT NULL,
      secret     TEXT    NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id)
    ) WITHOUT ROWID;

    CREATE TABLE alerts (
      id              TEXT    NOT NULL PRIMARY KEY,
      dedupe_key      TEXT    NOT NULL UNIQUE,
      kind            TEXT    NOT NULL,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      deployment_id   TEXT    NOT NULL,
      context_id      TEXT    NOT NULL,
      review_ids      TEXT    NOT NULL,
      facts           TEXT    NOT NULL,
      raised_at       INTEGER NOT NULL,
      state           TEXT    NOT NULL CHECK (state IN ('open', 'acknowledged')),
      acknowledged_at INTEGER,
      acknowledged_by TEXT
    );
    CREATE INDEX alerts_by_course ON alerts (issuer, client_id, deployment_id, context_id, state, raised_at);
    CREATE INDEX alerts_by_deployment ON alerts (issuer, client_id, deployment_id, state, raised_at);

    CREATE TABLE alert_deliveries (
      id              TEXT    NOT NULL PRIMARY KEY,
      alert_id        TEXT    NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      channel         TEXT    NOT NULL CHECK (channel IN ('webhook', 'email')),
      recipient       TEXT    NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      claimed_by      TEXT
    );
    CREATE INDEX alert_deliveries_claim ON alert_deliveries (next_attempt_at, id);
    CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_id);

    CREATE TABLE alert_delivery_log (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      issuer      TEXT    NOT NULL,
      client_id   TEXT    NOT NULL,
      delivery_id TEXT    NOT NULL,
      alert_id    TEXT    NOT NULL,
      channel     TEXT    NOT NULL,
      attempt     INTEGER NOT NULL,
      at          INTEGER NOT NULL,
      status      INTEGER,
      outcome     TEXT    NOT NULL CHECK (outcome IN ('delivered', 'retry', 'given-up')),
      error       TEXT
    );
    CREATE INDEX alert_delivery_log_by_platform ON alert_delivery_log (issuer, client_id, seq);

    CREATE TABLE instructor_emails (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      user_id       TEXT    NOT NULL,
      email         TEXT    NOT NULL,
      at            INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX instructor_emails_by_user ON instructor_emails (issuer, client_id, user_id);
  `,
};

/**
 * Version 30: the read API's alert pages and the alerts' retention. Versions 23–29 are other
 * changes'. Each page scope (platform, deployment, course), with or without a state, is one index
 * range already in the page's order (raised_at then id, read backwards), so a page costs its own rows
 * whatever the platform's history; the two state indexes of version 22 are the prefixes of the new
 * state ones and go. Retention reads acknowledged alerts by acknowledgement date (a partial index:
 * open ones are never purged and never in it), attempts by date and by alert. An instructor's
 * address keeps the language of the launch that shared it, for the alert e-mails (NULL: not known).
 */
export const ALERT_PAGES_MIGRATION: Migration = {
  version: 30,
  name: 'alert pages by platform, deployment and course; alert retention; language of instructors addresses',
  up: `
    DROP INDEX alerts_by_course;
    DROP INDEX alerts_by_deployment;
    CREATE INDEX alerts_page_platform ON alerts (issuer, client_id, raised_at, id);
    CREATE INDEX alerts_page_platform_state ON alerts (issuer, client_id, state, raised_at, id);
    CREATE INDEX alerts_page_deployment ON alerts (issuer, client_id, deployment_id, raised_at, id);
    CREATE INDEX alerts_page_deployment_state ON alerts (issuer, client_id, deployment_id, state, raised_at, id);
    CREATE INDEX alerts_page_course ON alerts (issuer, client_id, deployment_id, context_id, raised_at, id);
    CREATE INDEX alerts_page_course_state ON alerts (issuer, client_id, deployment_id, context_id, state, raised_at, id);
    CREATE INDEX alerts_acknowledged ON alerts (acknowledged_at) WHERE state = 'acknowledged';
    CREATE INDEX alert_delivery_log_at ON alert_delivery_log (at);
    CREATE INDEX alert_delivery_log_by_alert ON alert_delivery_log (alert_id);
    ALTER TABLE instructor_emails ADD COLUMN locale TEXT CHECK (locale IN ('en', 'fr'));
  `,
};
