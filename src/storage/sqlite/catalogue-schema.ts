import type { Migration } from './migrations';

/**
 * Version 13: the catalogue (ports/catalogue.ts). Courses learned from launches, the catalogue's
 * placements and the buy-in visits; and a store-clock stamp on each course generation, so that a
 * catalogue index held in memory asks "which courses of this deployment changed since t?" as one
 * index range instead of reading every course's counter (exact across processes sharing the file).
 * A catalogue course's title, label or URL and a consultation's dates or status change what the
 * catalogue shows, so they bump the course's generation like the reviews panel's tables do.
 * Frozen text, like every released migration.
 */
const KEY = 'issuer, client_id, deployment_id, context_id';
const SAME_COURSE = (row: 'NEW' | 'OLD') =>
  `issuer = ${row}.issuer AND client_id = ${row}.client_id AND deployment_id = ${row}.deployment_id AND context_id = ${row}.context_id`;
const STORE_NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

const bump = (row: 'NEW' | 'OLD') => `
      INSERT INTO course_generations (${KEY}, generation)
        VALUES (${row}.issuer, ${row}.client_id, ${row}.deployment_id, ${row}.context_id, 1)
        ON CONFLICT (${KEY}) DO UPDATE SET generation = generation + 1;`;

export const CATALOGUE_MIGRATION: Migration = {
  version: 13,
  name: 'catalogue: courses, placements, buy-in visits, generation change stamps',
  up: `
    ALTER TABLE course_generations ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX course_generations_changed ON course_generations (issuer, client_id, deployment_id, changed_at);
    -- "UPDATE OF generation": the stamp's own update does not fire it again.
    CREATE TRIGGER course_generations_stamp_insert AFTER INSERT ON course_generations BEGIN
      UPDATE course_generations SET changed_at = ${STORE_NOW} WHERE ${SAME_COURSE('NEW')};
    END;
    CREATE TRIGGER course_generations_stamp_update AFTER UPDATE OF generation ON course_generations BEGIN
      UPDATE course_generations SET changed_at = ${STORE_NOW} WHERE ${SAME_COURSE('NEW')};
    END;

    CREATE TABLE catalogue_courses (
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      deployment_id   TEXT    NOT NULL,
      context_id      TEXT    NOT NULL,
      title           TEXT    NOT NULL,
      label           TEXT,
      lms_url         TEXT,
      badge_token     TEXT    NOT NULL UNIQUE,
      badge_served_at INTEGER,
      first_seen_at   INTEGER NOT NULL,
      last_launch_at  INTEGER NOT NULL,
      PRIMARY KEY (${KEY})
    ) WITHOUT ROWID;
    CREATE TRIGGER course_generation_catalogue_courses_insert AFTER INSERT ON catalogue_courses BEGIN${bump('NEW')}
    END;
    CREATE TRIGGER course_generation_catalogue_courses_update AFTER UPDATE OF title, label, lms_url ON catalogue_courses
      WHEN OLD.title IS NOT NEW.title OR OLD.label IS NOT NEW.label OR OLD.lms_url IS NOT NEW.lms_url BEGIN${bump('NEW')}
    END;

    CREATE TRIGGER course_generation_cg_consultations_insert AFTER INSERT ON cg_consultations BEGIN${bump('NEW')}
    END;
    CREATE TRIGGER course_generation_cg_consultations_update AFTER UPDATE OF status, opens_on, closes_on, title ON cg_consultations BEGIN${bump('NEW')}
    END;
    CREATE TRIGGER course_generation_cg_consultations_delete AFTER DELETE ON cg_consultations BEGIN${bump('OLD')}
    END;

    CREATE TABLE catalogue_placements (
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      deployment_id   TEXT    NOT NULL,
      first_launch_at INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id, deployment_id)
    ) WITHOUT ROWID;

    -- visitor: a pseudonym of the platform's sub (catalogue/visitor.ts), never the sub itself.
    CREATE TABLE catalogue_visits (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      visitor       TEXT    NOT NULL,
      opened_at     INTEGER NOT NULL,
      launched_at   INTEGER,
      PRIMARY KEY (${KEY}, visitor)
    ) WITHOUT ROWID;
  `,
};
