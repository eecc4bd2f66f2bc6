/** Collections of course versions, corrective actions and the grade outbox (lv_ prefixes, indexes built at open). */
import { OutboxCourseModel } from './outbox-course-claims';
import { Schema } from 'mongoose';
import type { ActionStatus } from '../ports/corrective-actions';
import type { CourseKeyDoc } from './course-models';
import { baseOptions, defineModel } from './models';

const text = () => ({ type: String });
const requiredText = () => ({ type: String, required: true });
const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 } as const;
const courseFields = () => ({ issuer: requiredText(), clientId: requiredText(), deploymentId: text(), contextId: text() });

export interface VersionDoc extends CourseKeyDoc {
  versionId: string;
  label: string;
  startsOn: string;
  createdAt: Date;
  createdBy: { id: string; name: string };
}

export interface ActionDoc extends CourseKeyDoc {
  actionId: string;
  description: string;
  dueOn?: string | null;
  status: ActionStatus;
  reviewIds: string[];
  doneInVersion?: string | null;
  createdBy: { id: string; name: string };
  createdAt: Date;
  updatedAt: Date;
}

export interface OutboxDoc extends CourseKeyDoc {
  scoreId: string;
  userId: string;
  reason: string;
  target: { lineItemsUrl: string; scopes: string[]; resourceLinkId: string };
  createdAt: Date;
  /** Absent on scores queued before claims: read as 'en'. */
  locale?: 'en' | 'fr';
  attempts: number;
  /** When due; while claimed, the end of the claim's lease. */
  nextAttemptAt: Date;
  lastError?: string | null;
  /** The worker holding the claim (ports/grade-outbox.ts). */
  claimedBy?: string | null;
}

const versionSchema = new Schema<VersionDoc>(
  { ...courseFields(), versionId: requiredText(), label: requiredText(), startsOn: requiredText(), createdAt: { type: Date, required: true }, createdBy: { id: text(), name: text() } },
  { ...baseOptions, collection: 'lv_course_versions' },
);
versionSchema.index({ versionId: 1 }, { unique: true, name: 'lv_version_id' });
versionSchema.index({ ...COURSE_KEY, startsOn: 1, createdAt: 1, versionId: 1 }, { name: 'lv_version_course' });

const actionSchema = new Schema<ActionDoc>(
  {
    ...courseFields(),
    actionId: requiredText(),
    description: requiredText(),
    dueOn: text(),
    status: { type: String, enum: ['planned', 'in-progress', 'done'], required: true },
    reviewIds: { type: [String], default: [] },
    doneInVersion: text(),
    createdBy: { id: text(), name: text() },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_corrective_actions' },
);
actionSchema.index({ actionId: 1 }, { unique: true, name: 'lv_action_id' });
actionSchema.index({ ...COURSE_KEY, createdAt: -1, actionId: -1 }, { name: 'lv_action_course' });
// Multikey: "actions linked to these reviews" is an index lookup.
actionSchema.index({ ...COURSE_KEY, reviewIds: 1 }, { name: 'lv_action_reviews' });

const outboxSchema = new Schema<OutboxDoc>(
  {
    ...courseFields(),
    scoreId: requiredText(),
    userId: requiredText(),
    reason: requiredText(),
    target: { lineItemsUrl: text(), scopes: [String], resourceLinkId: text() },
    createdAt: { type: Date, required: true },
    locale: { type: String, enum: ['en', 'fr'] },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    lastError: text(),
    claimedBy: text(),
  },
  { ...baseOptions, collection: 'lv_grade_outbox' },
);
outboxSchema.index({ scoreId: 1 }, { unique: true, name: 'lv_outbox_id' });
outboxSchema.index({ ...COURSE_KEY, userId: 1, reason: 1 }, { unique: true, name: 'lv_outbox_identity' });
// The worker's claim across every platform: due scores (a held claim's nextAttemptAt is its lease's end), oldest first.
outboxSchema.index({ nextAttemptAt: 1, scoreId: 1 }, { name: 'lv_outbox_claim' });
// pendingScores: every pending score of the course, oldest first.
outboxSchema.index({ ...COURSE_KEY, createdAt: 1, scoreId: 1 }, { name: 'lv_outbox_pending' });

export const VersionModel = defineModel<VersionDoc>('lv_course_version', versionSchema);
export const ActionModel = defineModel<ActionDoc>('lv_corrective_action', actionSchema);
export const OutboxModel = defineModel<OutboxDoc>('lv_grade_outbox', outboxSchema);

/** The per-course due index of the retry from requests, replaced by lv_outbox_claim. */
const RETIRED_OUTBOX_INDEX = 'lv_outbox_due';
/** The server's answer when the index is not there (a new database, or already dropped). */
const INDEX_NOT_FOUND = 27;

export async function createLoopIndexes(): Promise<void> {
  await Promise.all([VersionModel, ActionModel, OutboxModel, InviteModel, OutboxCourseModel].map((model) => model.createIndexes()));
  await OutboxModel.collection.dropIndex(RETIRED_OUTBOX_INDEX).catch((err: { code?: unknown }) => {
    if (err?.code !== INDEX_NOT_FOUND) throw err;
  });
}

export interface InviteDoc extends CourseKeyDoc {
  userId: string;
  dismissed: boolean;
  postponedUntil?: Date | null;
}
const inviteSchema = new Schema<InviteDoc>(
  { ...courseFields(), userId: requiredText(), dismissed: { type: Boolean, required: true }, postponedUntil: { type: Date, required: false } },
  { ...baseOptions, collection: 'lv_review_invites' },
);
inviteSchema.index({ ...COURSE_KEY, userId: 1 }, { unique: true, name: 'lv_invite_identity' });
export const InviteModel = defineModel<InviteDoc>('lv_review_invite', inviteSchema);
