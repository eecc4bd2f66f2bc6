import type { Config } from '../config';
import type { Gradebook } from '../launch/gradebook';
import type { Roster } from '../launch/roster';
import type { Logger } from '../http/logger';
import type { Storage } from '../storage/port';
import type { ContextKey } from '../context/tenant';

/** What every panel's routes receive from app.ts. */
export interface PanelDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly roster: Roster;
  /** Assignment and Grade Services, for the optional "Feedback given" column. */
  readonly gradebook: Gradebook;
  readonly logger: Logger;
  /** Injected so tests can move time (review windows, "last 12 months"). */
  readonly now: () => Date;
  /** Wakes the grade outbox worker after scores were queued (absent where no worker runs, as in hand-built test deps). */
  readonly nudgeGradeOutbox?: () => void;
  /** Asks the alerts worker to evaluate a course after a review write (absent where no worker runs). */
  readonly nudgeAlerts?: (course: ContextKey) => void;
}
