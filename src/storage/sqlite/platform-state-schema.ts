import type { Migration } from './migrations';

/**
 * Version 18: when an admin switched a platform off. ltijs's own flag says only whether launches are
 * accepted; this column tells "inactive" (deactivated by an admin, set here) from "pending approval"
 * (registered, never activated: null). Versions 15 to 17 are other changes'. Frozen text.
 */
export const PLATFORM_STATE_MIGRATION: Migration = {
  version: 18,
  name: 'platforms: when an admin deactivated one',
  up: `ALTER TABLE platforms ADD COLUMN deactivated_at INTEGER;`,
};
