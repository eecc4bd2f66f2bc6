import type { Migration } from './migrations';

/**
 * Version 24: Listening mentions (ports/mentions.ts). Feeds carry the same fetch state as the
 * external catalogue sources (version 14); mentions are unique per (course, feed, entry key), so a
 * feed read again never adds one twice, and go with their feed (ON DELETE CASCADE). Every read is
 * one index range: a deployment's feeds and keywords, the due feeds, a course's newest mentions.
 */
export const MENTIONS_MIGRATION: Migration = {
  version: 24,
  name: 'listening mentions: public feeds, keywords per course, mentions',
  up: `
    CREATE TABLE mention_feeds (
      id                   TEXT    NOT NULL PRIMARY KEY,
      issuer               TEXT    NOT NULL,
      client_id            TEXT    NOT NULL,
      deployment_id        TEXT    NOT NULL,
      title                TEXT    NOT NULL,
      url                  TEXT    NOT NULL,
      added_at             INTEGER NOT NULL,
      added_by             TEXT    NOT NULL,
      last_attempt_at      INTEGER,
      last_success_at      INTEGER,
      last_error           TEXT,
      consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
      next_attempt_at      INTEGER NOT NULL,
      etag                 TEXT,
      last_modified        TEXT,
      UNIQUE (issuer, client_id, deployment_id, url)
    );
    CREATE INDEX mention_feeds_deployment ON mention_feeds (issuer, client_id, deployment_id, added_at, id);
    CREATE INDEX mention_feeds_due ON mention_feeds (next_attempt_at, id);

    CREATE TABLE mention_keywords (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      terms         TEXT    NOT NULL CHECK (json_valid(terms)),
      updated_at    INTEGER NOT NULL,
      updated_by    TEXT    NOT NULL,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id)
    ) WITHOUT ROWID;

    CREATE TABLE mentions (
      id              TEXT    NOT NULL PRIMARY KEY,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      deployment_id   TEXT    NOT NULL,
      context_id      TEXT    NOT NULL,
      feed_id         TEXT    NOT NULL REFERENCES mention_feeds (id) ON DELETE CASCADE,
      feed_title      TEXT    NOT NULL,
      entry_key       TEXT    NOT NULL,
      title           TEXT    NOT NULL,
      excerpt         TEXT    NOT NULL,
      url             TEXT    NOT NULL,
      published_at    INTEGER,
      sort_at         INTEGER NOT NULL,
      found_at        INTEGER NOT NULL,
      language        TEXT,
      sentiment_score REAL    NOT NULL,
      sentiment_label TEXT    NOT NULL CHECK (sentiment_label IN ('positive', 'negative', 'neutral')),
      keywords        TEXT    NOT NULL CHECK (json_valid(keywords)),
      UNIQUE (issuer, client_id, deployment_id, context_id, feed_id, entry_key)
    );
    CREATE INDEX mentions_course ON mentions (issuer, client_id, deployment_id, context_id, sort_at DESC, id DESC);
    CREATE INDEX mentions_feed ON mentions (feed_id);
  `,
};
