/** Read-API tokens (ports/api-tokens.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import { baseOptions, defineModel } from './models';

export interface ApiTokenDoc {
  /** The token's public id ("tok_…"). */
  _id: string;
  /** Hex SHA-256 of the token: every API request finds its token by it (unique index). */
  digest: string;
  issuer: string;
  clientId: string;
  deploymentId?: string;
  name: string;
  scope: 'read';
  hint: string;
  createdAt: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
}

const apiTokenSchema = new Schema<ApiTokenDoc>(
  {
    _id: { type: String, required: true },
    digest: { type: String, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    // May be empty: not `required` (mongoose refuses '' for required strings).
    name: { type: String },
    scope: { type: String, required: true, enum: ['read'] },
    hint: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  { ...baseOptions, collection: 'lv_api_tokens' },
);
apiTokenSchema.index({ digest: 1 }, { unique: true, name: 'lv_api_token_digest' });
// list: equality on the platform, newest first.
apiTokenSchema.index({ issuer: 1, clientId: 1, createdAt: -1, _id: -1 }, { name: 'lv_api_token_platform' });

export const ApiTokenModel = defineModel<ApiTokenDoc>('lv_api_token', apiTokenSchema);

/** Also creates the collection. */
export async function createApiTokenIndexes(): Promise<void> {
  await ApiTokenModel.createIndexes();
}
