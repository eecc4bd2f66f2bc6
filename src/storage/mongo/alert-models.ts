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
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, state: 1, raisedAt: -1 }, { name: 'lv_alerts_course' });
alertSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, state: 1, raisedAt: -1 }, { name: 'lv_alerts_deployment' });

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

const emailSchema = new Schema<InstructorEmailDoc>({ ...courseFields, userId: { type: String, required: true }, email: String, at: Date }, { ...baseOptions, collection: 'lv_instructor_emails' });
emailSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, userId: 1 }, { unique: true, name: 'lv_instructor_email_course' });
emailSchema.index({ issuer: 1, clientId: 1, userId: 1 }, { name: 'lv_instructor_email_user' });

export const AlertRulesModel = defineModel<AlertRulesDoc>('lv_alert_rules', rulesSchema);
export const AlertWebhookModel = defineModel<AlertWebhookDoc>('lv_alert_webhook', webhookSchema);
export const AlertModel = defineModel<AlertDoc>('lv_alert', alertSchema);
export const AlertDeliveryModel = defineModel<AlertDeliveryDoc>('lv_alert_delivery', deliverySchema);
export const DeliveryLogModel = defineModel<DeliveryLogDoc>('lv_alert_delivery_log', logSchema);
export const InstructorEmailModel = defineModel<InstructorEmailDoc>('lv_instructor_email', emailSchema);

/** Also creates the collections, so that the first raise inside a transaction need not. */
export async function createAlertIndexes(): Promise<void> {
  await Promise.all([AlertRulesModel, AlertWebhookModel, AlertModel, AlertDeliveryModel, DeliveryLogModel, InstructorEmailModel].map((model) => model.createIndexes()));
}
