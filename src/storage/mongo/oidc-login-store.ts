import { Schema } from 'mongoose';
import { loginFromJson, loginToJson, type OidcLoginStore } from '../ports/oidc-logins';
import { baseOptions, defineModel } from './models';

interface OidcLoginDoc {
  state: string;
  issuer: string;
  record: string;
  expiresAt: Date;
  usedAt?: Date | null;
}

const oidcLoginSchema = new Schema<OidcLoginDoc>(
  {
    state: { type: String, required: true },
    issuer: { type: String, required: true },
    record: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, required: false, default: null },
  },
  { ...baseOptions, collection: 'lv_oidc_logins' },
);
oidcLoginSchema.index({ state: 1 }, { unique: true, name: 'lv_oidc_login_state' });
oidcLoginSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'lv_oidc_login_ttl' });

export const OidcLoginModel = defineModel<OidcLoginDoc>('lv_oidc_login', oidcLoginSchema);

export function createOidcLoginStore(): OidcLoginStore {
  return {
    async saveLogin(login) {
      const doc = { state: login.state, issuer: login.issuer, record: loginToJson(login), expiresAt: login.expiresAt, usedAt: null };
      await OidcLoginModel.replaceOne({ state: login.state }, doc, { upsert: true }).exec();
    },
    async findLogin(state, now) {
      const doc = await OidcLoginModel.findOne({ state: String(state), expiresAt: { $gt: now } }).lean().exec();
      return doc ? loginFromJson(doc.record) : null;
    },
    async useLogin(state, now) {
      // One conditional update: of two concurrent callers only the first still matches usedAt: null.
      const doc = await OidcLoginModel.findOneAndUpdate(
        { state: String(state), usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
      )
        .lean()
        .exec();
      return doc ? loginFromJson(doc.record) : null;
    },
  };
}
