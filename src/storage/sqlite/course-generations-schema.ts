import type { Migration } from './migrations';

/**
 * Version 7: a generation counter per course (ports/course-generations.ts), bumped by triggers on the
 * tables whose rows a learner's reviews panel shows: reviews (with their responses, helpful and report
 * counts and statuses, all on the review row), corrective actions and their links to reviews, course
 * versions and course settings. A trigger runs inside the statement, so inside the writer's
 * transaction: a rolled-back write leaves no bump, and a write path added later is counted without
 * anyone remembering to. Votes, reports and the summary tables need no trigger: no write changes them
 * without also updating the review row. A course's row is never deleted (a counter going back to 0
 * could hand a reader a stale cache entry again). Frozen text, like every released migration.
 */
const KEY = 'issuer, client_id, deployment_id, context_id';

/** The upsert a trigger runs for the course of `row` (NEW or OLD). */
const bump = (row: 'NEW' | 'OLD', when = '') => `
      INSERT INTO course_generations (${KEY}, generation)
        SELECT ${row}.issuer, ${row}.client_id, ${row}.deployment_id, ${row}.context_id, 1 WHERE ${when || 'true'}
        ON CONFLICT (${KEY}) DO UPDATE SET generation = generation + 1;`;

/** A row moved to another course changes what both show (no code does it; cheap to get right). */
const MOVED = 'OLD.issuer IS NOT NEW.issuer OR OLD.client_id IS NOT NEW.client_id OR OLD.deployment_id IS NOT NEW.deployment_id OR OLD.context_id IS NOT NEW.context_id';

/** Insert, update and delete triggers on a table that carries the course columns. */
const courseTableTriggers = (table: string) => `
    CREATE TRIGGER course_generation_${table}_insert AFTER INSERT ON ${table} BEGIN${bump('NEW')}
    END;
    CREATE TRIGGER course_generation_${table}_update AFTER UPDATE ON ${table} BEGIN${bump('NEW')}${bump('OLD', MOVED)}
    END;
    CREATE TRIGGER course_generation_${table}_delete AFTER DELETE ON ${table} BEGIN${bump('OLD')}
    END;`;

/** The links carry no course: it is the linked action's (looked up by primary key). */
const linkBump = (row: 'NEW' | 'OLD', when = 'true') => `
      INSERT INTO course_generations (${KEY}, generation)
        SELECT ${KEY}, 1 FROM corrective_actions WHERE id = ${row}.action_id AND (${when})
        ON CONFLICT (${KEY}) DO UPDATE SET generation = generation + 1;`;

export const COURSE_GENERATIONS_MIGRATION: Migration = {
  version: 7,
  name: 'course generations, bumped by triggers on every table the reviews panel shows',
  up: `
    CREATE TABLE course_generations (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      generation    INTEGER NOT NULL CHECK (generation >= 1),
      PRIMARY KEY (${KEY})
    ) WITHOUT ROWID;
    ${courseTableTriggers('reviews')}
    ${courseTableTriggers('corrective_actions')}
    ${courseTableTriggers('course_versions')}
    ${courseTableTriggers('course_settings')}

    CREATE TRIGGER course_generation_corrective_action_reviews_insert AFTER INSERT ON corrective_action_reviews BEGIN${linkBump('NEW')}
    END;
    CREATE TRIGGER course_generation_corrective_action_reviews_update AFTER UPDATE ON corrective_action_reviews BEGIN${linkBump('NEW')}${linkBump('OLD', 'OLD.action_id IS NOT NEW.action_id')}
    END;
    -- When the action itself is deleted (ON DELETE CASCADE) this finds no action; the action's own
    -- delete trigger counts that write.
    CREATE TRIGGER course_generation_corrective_action_reviews_delete AFTER DELETE ON corrective_action_reviews BEGIN${linkBump('OLD')}
    END;
  `,
};
