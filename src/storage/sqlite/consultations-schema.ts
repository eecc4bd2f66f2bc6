import type { Migration } from './migrations';

/**
 * Version 4: the consumer group. Course columns sit on every record a URL can name (consultations,
 * ideas, comments); polls, answers and votes are reached only through their parent, whose course is
 * checked in the same statement. Vote and comment counts live on the idea and change in the same
 * transaction as the votes and comments. cg_idea_terms is an FTS5 index of each idea's normalised
 * words (storage/consultations/match-terms.ts), keyed by the idea's rowid.
 */
export const CONSULTATIONS_MIGRATION: Migration = {
  version: 4,
  name: 'consumer group: consultations, polls, ideas, votes, comments, visits',
  up: `
    CREATE TABLE cg_consultations (
      id            TEXT    NOT NULL PRIMARY KEY,
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      title         TEXT    NOT NULL,
      brief         TEXT    NOT NULL,
      questions     TEXT    NOT NULL CHECK (json_valid(questions)),
      opens_on      TEXT,
      closes_on     TEXT,
      status        TEXT    NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
      outline       TEXT    NOT NULL CHECK (json_valid(outline)),
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    );
    CREATE INDEX cg_consultations_course ON cg_consultations (issuer, client_id, deployment_id, context_id, created_at, id);

    CREATE TABLE cg_polls (
      id              TEXT    NOT NULL PRIMARY KEY,
      consultation_id TEXT    NOT NULL REFERENCES cg_consultations (id) ON DELETE CASCADE,
      question        TEXT    NOT NULL,
      kind            TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'scale')),
      options         TEXT    NOT NULL CHECK (json_valid(options)),
      created_at      INTEGER NOT NULL
    );
    CREATE INDEX cg_polls_consultation ON cg_polls (consultation_id, created_at);

    CREATE TABLE cg_poll_answers (
      poll_id     TEXT    NOT NULL REFERENCES cg_polls (id) ON DELETE CASCADE,
      user_id     TEXT    NOT NULL,
      user_role   TEXT    NOT NULL,
      choices     TEXT    NOT NULL CHECK (json_valid(choices)),
      answered_at INTEGER NOT NULL,
      PRIMARY KEY (poll_id, user_id)
    );

    CREATE TABLE cg_ideas (
      seq               INTEGER PRIMARY KEY,
      id                TEXT    NOT NULL UNIQUE,
      issuer            TEXT    NOT NULL,
      client_id         TEXT    NOT NULL,
      deployment_id     TEXT    NOT NULL,
      context_id        TEXT    NOT NULL,
      kind              TEXT    NOT NULL CHECK (kind IN ('idea', 'need')),
      consultation_id   TEXT    REFERENCES cg_consultations (id) ON DELETE CASCADE,
      author_id         TEXT    NOT NULL,
      author_name       TEXT    NOT NULL,
      author_role       TEXT    NOT NULL,
      credit_consent    INTEGER NOT NULL,
      title             TEXT    NOT NULL,
      description       TEXT    NOT NULL,
      situation         TEXT    NOT NULL,
      language          TEXT    NOT NULL,
      status            TEXT    NOT NULL,
      decline_reason    TEXT,
      status_changed_at INTEGER,
      hidden            INTEGER NOT NULL DEFAULT 0,
      hidden_reason     TEXT,
      merged_into       TEXT,
      vote_count        INTEGER NOT NULL DEFAULT 0,
      comment_count     INTEGER NOT NULL DEFAULT 0,
      created_at        INTEGER NOT NULL,
      last_activity_at  INTEGER NOT NULL
    );
    CREATE INDEX cg_ideas_course ON cg_ideas (issuer, client_id, deployment_id, context_id, kind, consultation_id);
    CREATE INDEX cg_ideas_author ON cg_ideas (issuer, client_id, deployment_id, context_id, author_id);

    CREATE TABLE cg_votes (
      idea_id    TEXT    NOT NULL REFERENCES cg_ideas (id) ON DELETE CASCADE,
      voter_id   TEXT    NOT NULL,
      voter_role TEXT    NOT NULL,
      voted_at   INTEGER NOT NULL,
      PRIMARY KEY (idea_id, voter_id)
    );
    CREATE INDEX cg_votes_voter ON cg_votes (voter_id);

    CREATE TABLE cg_comments (
      id              TEXT    NOT NULL PRIMARY KEY,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      deployment_id   TEXT    NOT NULL,
      context_id      TEXT    NOT NULL,
      target_type     TEXT    NOT NULL CHECK (target_type IN ('idea', 'section')),
      target_id       TEXT    NOT NULL,
      consultation_id TEXT,
      parent_id       TEXT,
      author_id       TEXT    NOT NULL,
      author_name     TEXT    NOT NULL,
      author_role     TEXT    NOT NULL,
      body            TEXT    NOT NULL,
      hidden          INTEGER NOT NULL DEFAULT 0,
      hidden_reason   TEXT,
      created_at      INTEGER NOT NULL
    );
    CREATE INDEX cg_comments_target ON cg_comments (target_type, target_id, created_at);
    CREATE INDEX cg_comments_consultation ON cg_comments (consultation_id);

    CREATE TABLE cg_visits (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      user_id       TEXT    NOT NULL,
      visited_at    INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id, user_id)
    );

    CREATE VIRTUAL TABLE cg_idea_terms USING fts5 (terms, tokenize = 'unicode61 remove_diacritics 2');
  `,
};
