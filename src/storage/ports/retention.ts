/**
 * Retention (README, "Retention"): how long the store keeps what it no longer needs, and the purge
 * that removes it. Each kind has its own limit in days; a kind without one (null) is never purged
 * by retention. Adapters read each kind as index ranges and change it in small batches, so a purge
 * costs what it removes and never holds the store's write lock (SQLite) or a transaction (MongoDB)
 * for long; several processes may run it at once (each change re-checks its condition).
 */

/** Limits in days, each null when that kind is kept (RETENTION_* = 0 or off). */
export interface RetentionPolicy {
  /** Sessions expired more than this many days ago (expired ones are normally gone within minutes already). */
  readonly sessionsDays: number | null;
  /** Course members (launch records) whose last launch is older: removed, or reduced when they launched as learners. */
  readonly launchRecordsDays: number | null;
  /** Audit entries older than this. */
  readonly auditDays: number | null;
  /** Held or hidden reviews nobody changed for this long: their texts are blanked, their rating kept. */
  readonly hiddenReviewTextDays: number | null;
  /**
   * Alerts acknowledged more than this many days ago, with their pending deliveries and their delivery
   * attempts; delivery attempts older than this too, whatever their alert. An open alert is never purged.
   */
  readonly alertsDays: number | null;
}

/** What a purge removed (or, for a preview, would remove), per kind. */
export interface PurgeReport {
  readonly sessions: number;
  /** Members who never launched as learners: nothing depends on them, the record goes. */
  readonly launchRecordsRemoved: number;
  /** Members who launched as learners: name blanked and launch count zeroed, "took this course" kept. */
  readonly launchRecordsReduced: number;
  readonly auditEntries: number;
  /** Held or hidden reviews whose texts were blanked. */
  readonly reviewTexts: number;
  /** Acknowledged alerts removed. */
  readonly alerts: number;
  /** Deliveries of those alerts still pending (retrying). */
  readonly alertDeliveries: number;
  /** Delivery attempts removed: those of the removed alerts and those older than the limit. */
  readonly deliveryAttempts: number;
}

export const EMPTY_PURGE_REPORT: PurgeReport = Object.freeze({
  sessions: 0,
  launchRecordsRemoved: 0,
  launchRecordsReduced: 0,
  auditEntries: 0,
  reviewTexts: 0,
  alerts: 0,
  alertDeliveries: 0,
  deliveryAttempts: 0,
});

export interface RetentionStore {
  /** Applies the policy at `now`. Writes one audit entry per course whose review texts it blanked. */
  purge(policy: RetentionPolicy, now: Date): Promise<PurgeReport>;
  /** What purge(policy, now) would do, changing nothing (the CLI's --dry-run). */
  preview(policy: RetentionPolicy, now: Date): Promise<PurgeReport>;
}
