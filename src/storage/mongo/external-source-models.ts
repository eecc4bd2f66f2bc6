/**
 * External catalogue sources (ports/external-sources.ts). A source's entries live inside its own
 * document: a successful fetch replaces them with one single-document update, which MongoDB applies
 * atomically without a transaction (so a standalone server keeps them whole too). 500 capped entries
 * stay far below the 16 MB document limit. lv_ prefix, indexes built when storage opens.
 */
import { Schema } from 'mongoose';
import { FEED_POLL_STATE_FIELDS } from './feed-poll-state';
import { baseOptions, defineModel } from './models';

export interface ExternalEntryDoc {
  key: string;
  title: string;
  summary: string;
  url: string;
  language?: string;
  updatedAt?: Date;
}

export interface ExternalSourceDoc {
  sourceId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  name: string;
  url: string;
  language?: string;
  addedAt: Date;
  addedBy: string;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  consecutiveFailures: number;
  nextAttemptAt: Date;
  /** Set by a claim, unset by the recorded outcome. */
  leasedUntil?: Date;
  etag?: string;
  lastModified?: string;
  entryCount: number;
  entries: ExternalEntryDoc[];
}

export interface ExternalSourceVersionDoc {
  issuer: string;
  clientId: string;
  deploymentId: string;
  version: number;
}

const entrySchema = new Schema<ExternalEntryDoc>(
  {
    key: { type: String, required: true },
    title: { type: String },
    summary: { type: String },
    url: { type: String, required: true },
    language: { type: String },
    updatedAt: { type: Date },
  },
  { _id: false },
);

const sourceSchema = new Schema<ExternalSourceDoc>(
  {
    sourceId: { type: String, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    name: { type: String, required: true },
    url: { type: String, required: true },
    language: { type: String },
    addedAt: { type: Date, required: true },
    addedBy: { type: String },
    ...FEED_POLL_STATE_FIELDS,
    leasedUntil: { type: Date },
    entryCount: { type: Number, required: true },
    entries: { type: [entrySchema], default: [] },
  },
  { ...baseOptions, collection: 'lv_external_sources' },
);
sourceSchema.index({ sourceId: 1 }, { unique: true, name: 'lv_external_source_id' });
// One source per URL and deployment: adding the same feed twice is refused by the index, atomically.
sourceSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, url: 1 }, { unique: true, name: 'lv_external_source_url' });
// listSources and listEntries: the deployment's sources in the order they were added.
sourceSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, addedAt: 1, sourceId: 1 }, { name: 'lv_external_source_deployment' });
// dueSources across every deployment: a range of nextAttemptAt, already in order.
sourceSchema.index({ nextAttemptAt: 1, sourceId: 1 }, { name: 'lv_external_source_due' });

const versionSchema = new Schema<ExternalSourceVersionDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    version: { type: Number, required: true },
  },
  { ...baseOptions, collection: 'lv_external_source_versions' },
);
versionSchema.index({ issuer: 1, clientId: 1, deploymentId: 1 }, { unique: true, name: 'lv_external_source_version_deployment' });

export const ExternalSourceModel = defineModel<ExternalSourceDoc>('lv_external_source', sourceSchema);
export const ExternalSourceVersionModel = defineModel<ExternalSourceVersionDoc>('lv_external_source_version', versionSchema);

export async function createExternalSourceIndexes(): Promise<void> {
  await Promise.all([ExternalSourceModel.createIndexes(), ExternalSourceVersionModel.createIndexes()]);
}
