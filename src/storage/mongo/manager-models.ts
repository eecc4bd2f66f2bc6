/** Training manager designations (ports/managers.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import { baseOptions, defineModel } from './models';

export interface ManagerDesignationDoc {
  issuer: string;
  clientId: string;
  kind: 'user' | 'role';
  /** What the designation is matched by (storage/shared/manager-designation.ts). */
  matchKey: string;
  /** What it shows: the user id, or the role as the admin typed it. */
  value: string;
  designatedBy: { id: string; name: string };
  designatedAt: Date;
}

export const MANAGER_IDENTITY_INDEX = 'lv_manager_identity';
export const MANAGER_BY_INDEX = 'lv_manager_by';

const designationSchema = new Schema<ManagerDesignationDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['user', 'role'] },
    matchKey: { type: String, required: true },
    value: { type: String, required: true },
    designatedBy: { id: { type: String, default: '' }, name: { type: String, default: '' } },
    designatedAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_manager_designations' },
);
// One designation per platform and subject: the idempotent add's upsert, remove and isDesignated
// ($in on matchKey: one bounded set of points of this index) all use it.
designationSchema.index({ issuer: 1, clientId: 1, kind: 1, matchKey: 1 }, { unique: true, name: MANAGER_IDENTITY_INDEX });
// Data-protection requests: the designations a person made.
designationSchema.index({ issuer: 1, clientId: 1, 'designatedBy.id': 1 }, { name: MANAGER_BY_INDEX });

export const ManagerDesignationModel = defineModel<ManagerDesignationDoc>('lv_manager_designation', designationSchema);

/** Also creates the collection. */
export async function createManagerIndexes(): Promise<void> {
  await ManagerDesignationModel.createIndexes();
}
