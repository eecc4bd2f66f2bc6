import mongoose, { Schema, type Model } from 'mongoose';
import type { CourseRole } from '../../context/roles';

/*
 * The tool's collections, ltijs's records included (lv_ltijs_records), on mongoose's default
 * connection. Every model and collection name carries the lv_ prefix, so a database that an older
 * version shared with ltijs's own models (idtoken, platform, nonce...) holds no clash.
 *
 * autoIndex/autoCreate are off: index creation is awaited explicitly by createAllIndexes() when
 * storage opens, because the unique indexes are what makes nonces and upserts atomic and must exist
 * before the first write; mongoose's background build would race the first requests, and would run
 * only once per process even when the connection is reopened on another database.
 */

const ROLES: readonly CourseRole[] = ['instructor', 'learner'];

export interface PlatformDoc {
  issuer: string;
  clientId: string;
  name: string;
  deploymentIds: string[];
  frameOrigins: string[];
  source: 'manual' | 'dynamic';
  productFamily?: string;
  registeredAt: Date;
  deactivatedAt?: Date;
}

export interface SessionDoc {
  sessionId: string;
  /**
   * The LaunchContext as JSON text. Stored as a string rather than a Mixed subdocument because
   * mongoose would drop empty objects (`custom: {}`), BSON turns explicit undefined into null, and
   * custom parameters may carry keys MongoDB treats specially ('$…', '.'); JSON round-trips exactly.
   */
  context: string;
  csrfSecret: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NonceDoc {
  issuer: string;
  clientId: string;
  nonce: string;
  expiresAt: Date;
}

export interface MemberDoc {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  userId: string;
  name: string;
  role: CourseRole;
  firstLaunchAt: Date;
  lastLaunchAt: Date;
  firstLearnerLaunchAt?: Date;
  launchCount: number;
}

/*
 * Mongoose's `required` refuses '' for strings, yet LTI allows empty values in several places (no
 * user name, the '' resource link of deep linking); the port, not this schema, decides what is valid.
 * So strings that may be empty are typed but not required; dates and counters are always required.
 */
// A fresh object per path: mongoose keeps a reference to each path's options.
const text = () => ({ type: String });

export const baseOptions = { versionKey: false, autoIndex: false, autoCreate: false } as const;
/** TTL monitor deletes a document once its expiresAt has passed (it runs about once a minute). */
const TTL_AT_EXPIRES = { expireAfterSeconds: 0 } as const;

const platformSchema = new Schema<PlatformDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    name: text(),
    deploymentIds: { type: [String], default: [] },
    frameOrigins: { type: [String], default: [] },
    source: { type: String, enum: ['manual', 'dynamic'], required: true },
    productFamily: text(),
    registeredAt: { type: Date, required: true },
    deactivatedAt: { type: Date },
  },
  { ...baseOptions, collection: 'lv_platforms' },
);
platformSchema.index({ issuer: 1, clientId: 1 }, { unique: true, name: 'lv_platform_identity' });

const sessionSchema = new Schema<SessionDoc>(
  {
    sessionId: { type: String, required: true },
    context: { type: String, required: true },
    csrfSecret: text(),
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_sessions' },
);
sessionSchema.index({ sessionId: 1 }, { unique: true, name: 'lv_session_id' });
sessionSchema.index({ expiresAt: 1 }, { ...TTL_AT_EXPIRES, name: 'lv_session_ttl' });

const nonceSchema = new Schema<NonceDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    nonce: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_nonces' },
);
// A nonce is unique per platform, not globally: two platforms may legitimately pick the same value.
nonceSchema.index({ issuer: 1, clientId: 1, nonce: 1 }, { unique: true, name: 'lv_nonce_identity' });
nonceSchema.index({ expiresAt: 1 }, { ...TTL_AT_EXPIRES, name: 'lv_nonce_ttl' });

const memberSchema = new Schema<MemberDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: text(),
    contextId: text(),
    userId: text(),
    name: text(),
    role: { type: String, enum: ROLES, required: true },
    firstLaunchAt: { type: Date, required: true },
    lastLaunchAt: { type: Date, required: true },
    firstLearnerLaunchAt: { type: Date, required: false },
    launchCount: { type: Number, required: true },
  },
  { ...baseOptions, collection: 'lv_members' },
);
// The course prefix of this index also serves countMembers, so no second index is needed.
memberSchema.index(
  { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, userId: 1 },
  { unique: true, name: 'lv_member_identity' },
);
// Retention: members not reduced yet (a reduced record has launchCount 0), by last launch (mongo/retention-store.ts).
memberSchema.index({ lastLaunchAt: 1 }, { name: 'lv_member_last_launch', partialFilterExpression: { launchCount: { $gt: 0 } } });

/**
 * Reuses an already compiled model: a module registry that loads this file twice against the same
 * mongoose (jest's isolateModules, hot reload) would otherwise throw OverwriteModelError.
 */
export function defineModel<T>(name: string, schema: Schema<T>): Model<T> {
  const existing = mongoose.models[name] as Model<T> | undefined;
  return existing ?? mongoose.model<T>(name, schema);
}

export const PlatformModel = defineModel<PlatformDoc>('lv_platform', platformSchema);
export const SessionModel = defineModel<SessionDoc>('lv_session', sessionSchema);
export const NonceModel = defineModel<NonceDoc>('lv_nonce', nonceSchema);
export const MemberModel = defineModel<MemberDoc>('lv_member', memberSchema);

export const LV_MODELS = [PlatformModel, SessionModel, NonceModel, MemberModel] as const;

/** Builds every index the stores rely on in the database the default connection currently uses. */
export async function createAllIndexes(): Promise<void> {
  // createIndexes is idempotent for identical definitions, so reopening storage is harmless.
  await Promise.all(LV_MODELS.map((model) => model.createIndexes()));
}
