/** Alerts (ports/alerts.ts) on MongoDB: lv_ prefix, indexes declared here and built at open. */
import { Schema } from 'mongoose';
import type { CourseKeyDoc } from './course-models';
import { baseOptions, defineModel } from './models';

export interface AlertRulesDoc {
  issuer: string;
  clientId: string;
  /** The AlertRules as JSON (shared/alert-records.ts reads it over the defaults). */
  rules: string;
  updatedAt: Date;
}

export interface AlertWebhookDoc {
  issuer: string;
  clientId: string;
  url: string;
  secret: string;
  updatedAt: Date;
}

export interface AlertDoc extends CourseKeyDoc {
  alertId: string;
  dedupeKey: string;
  kind: string;
  reviewIds: string[];
  /** The facts as JSON: their keys depend on the kind. */
  facts: string;
  raisedAt: Date;
  state: 'open' | 'acknowledged';
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
}

export interface AlertDeliveryDoc {
  deliveryId: string;
  alertId: string;
  issuer: string;
  clientId: string;
  channel: 'webhook' | 'email';
  recipient: string;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy?: string;
}

export interface DeliveryLogDoc {
  issuer: string;
  clientId: string;
  deliveryId: string;
  alertId: string;
  channel: 'webhook' | 'email';
  attempt: number;
  at: Date;
  status?: number;
  outcome: 'delivered' | 'retry' | 'given-up';
  error?: string;
}

export interface InstructorEmailDoc extends CourseKeyDoc {
  userId: string;
  email: string;
  at: Date;
  /** The language of the launch that shared the address (absent: not known). */
  locale?: 'en' | 'fr';
}

const platformFields = { issuer: { type: String, required: true }, clientId: { type: String, required: true } };
const courseFields = { ...platformFields, deploymentId: { type: String, required: true }, contextId: { type: String, required: true } };

const rulesSchema = new Schema<AlertRulesDoc>({ ...platformFields, rules: String, updatedAt: Date }, { ...baseOptions, collection: 'lv_alert_rules' });
rulesSchema.index({ issuer: 1, clientId: 1 }, { unique: true, name: 'lv_alert_rules_platform' });

const webhookSchema = new Schema<AlertWebhookDoc>({ ...platformFields, url: String, secret: String, updatedAt: Date }, { ...baseOptions, collection: 'lv_alert_webhooks' });
webhookSchema.index({ issuer: 1, clientId: 1 }, { unique: true, name: 'lv_alert_webhook_platform' });

const alertSchema = new Schema<AlertDoc>(
  {
    ...courseFields,
    alertId: { type: String, required: true },
    dedupeKey: { type: String, required: true },
    kind: String,
    reviewIds: [String],
    facts: String,
    raisedAt: Date,
    state: { type: String, enum: ['open', 'acknowledged'] },
    acknowledgedAt: Date,
    acknowledgedBy: String,
  },
  { ...baseOptions, collection: 'lv_alerts' },
);
// The same condition is raised once, whichever process sees it first.
alertSchema.index({ dedupeKey: 1 }, { unique: true, name: 'lv_alert_dedupe' });
alertSchema.index({ alertId: 1 }, { unique: true, name: 'lv_alert_id' });
/**
 * The pages of the read API (and the alerts pages' lists): each scope, with or without a state, one
 * range in page order, newest first then id descending (alert-store.ts ALERT_PAGE_INDEXES). The
 * state ones replace lv_alerts_course and lv_alerts_deployment, their prefixes (dropped at open).
 */
const PAGE_ORDER = { raisedAt: -1, alertId: -1 } as const;
alertSchema.index({ issuer: 1, clientId: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_platform' });
alertSchema.index({ issuer: 1, clientId: 1, state: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_platform_state' });
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_deployment' });
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, state: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_deployment_state' });
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_course' });
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, state: 1, ...PAGE_ORDER }, { name: 'lv_alerts_page_course_state' });
// Retention: acknowledged alerts by acknowledgement date; an open alert is never purged, never in it.
alertSchema.index({ acknowledgedAt: 1 }, { name: 'lv_alerts_acknowledged', partialFilterExpression: { state: 'acknowledged' } });

const deliverySchema = new Schema<AlertDeliveryDoc>(
  {
    deliveryId: { type: String, required: true },
    alertId: { type: String, required: true },
    ...platformFields,
    channel: { type: String, enum: ['webhook', 'email'] },
    recipient: String,
    attempts: Number,
    nextAttemptAt: Date,
    claimedBy: String,
  },
  { ...baseOptions, collection: 'lv_alert_deliveries' },
);
deliverySchema.index({ deliveryId: 1 }, { unique: true, name: 'lv_alert_delivery_id' });
// The claim: due deliveries of every platform, oldest first, as one range (like lv_outbox_claim).
deliverySchema.index({ nextAttemptAt: 1, deliveryId: 1 }, { name: 'lv_alert_delivery_claim' });
// Retention: the pending deliveries of a purged alert.
deliverySchema.index({ alertId: 1 }, { name: 'lv_alert_delivery_alert' });

const logSchema = new Schema<DeliveryLogDoc>(
  {
    ...platformFields,
    deliveryId: String,
    alertId: String,
    channel: String,
    attempt: Number,
    at: Date,
    status: Number,
    outcome: String,
    error: String,
  },
  { ...baseOptions, collection: 'lv_alert_delivery_log' },
);
logSchema.index({ issuer: 1, clientId: 1, at: -1, _id: -1 }, { name: 'lv_alert_log_platform' });
// Retention: attempts by date, and those of a purged alert.
logSchema.index({ at: 1 }, { name: 'lv_alert_log_at' });
logSchema.index({ alertId: 1 }, { name: 'lv_alert_log_alert' });

const emailSchema = new Schema<InstructorEmailDoc>(
  { ...courseFields, userId: { type: String, required: true }, email: String, at: Date, locale: { type: String, enum: ['en', 'fr'] } },
  { ...baseOptions, collection: 'lv_instructor_emails' },
);
emailSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, userId: 1 }, { unique: true, name: 'lv_instructor_email_course' });
emailSchema.index({ issuer: 1, clientId: 1, userId: 1 }, { name: 'lv_instructor_email_user' });

export const AlertRulesModel = defineModel<AlertRulesDoc>('lv_alert_rules', rulesSchema);
export const AlertWebhookModel = defineModel<AlertWebhookDoc>('lv_alert_webhook', webhookSchema);
export const AlertModel = defineModel<AlertDoc>('lv_alert', alertSchema);
export const AlertDeliveryModel = defineModel<AlertDeliveryDoc>('lv_alert_delivery', deliverySchema);
export const DeliveryLogModel = defineModel<DeliveryLogDoc>('lv_alert_delivery_log', logSchema);
export const InstructorEmailModel = defineModel<InstructorEmailDoc>('lv_instructor_email', emailSchema);

/** Indexes of earlier versions that the page indexes above replace. */
export const RETIRED_ALERT_INDEXES = ['lv_alerts_course', 'lv_alerts_deployment'] as const;
/** The server's answer when the index is not there (a new database, or already dropped). */
const INDEX_NOT_FOUND = 27;

/** Also creates the collections, so that the first raise inside a transaction need not. */
export async function createAlertIndexes(): Promise<void> {
  await Promise.all([AlertRulesModel, AlertWebhookModel, AlertModel, AlertDeliveryModel, DeliveryLogModel, InstructorEmailModel].map((model) => model.createIndexes()));
  for (const name of RETIRED_ALERT_INDEXES) {
    await AlertModel.collection.dropIndex(name).catch((err: { code?: unknown }) => {
      if (err?.code !== INDEX_NOT_FOUND) throw err;
    });
  }
}
