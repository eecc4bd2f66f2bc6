/** The catalogue's collections (ports/catalogue.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import type { CourseKeyDoc } from './course-models';
import { baseOptions, defineModel } from './models';

export interface CatalogueCourseDoc extends CourseKeyDoc {
  title: string;
  label?: string;
  lmsUrl?: string;
  badgeToken: string;
  badgeServedAt?: Date;
  firstSeenAt: Date;
  lastLaunchAt: Date;
}

export interface CataloguePlacementDoc {
  issuer: string;
  clientId: string;
  deploymentId: string;
  firstLaunchAt: Date;
}

export interface CatalogueVisitDoc extends CourseKeyDoc {
  /** A pseudonym of the platform's sub (catalogue/visitor.ts). */
  visitor: string;
  openedAt: Date;
  launchedAt?: Date;
}

const KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 } as const;
const keyFields = {
  issuer: { type: String, required: true },
  clientId: { type: String, required: true },
  deploymentId: { type: String, required: true },
  contextId: { type: String, required: true },
} as const;

const courseSchema = new Schema<CatalogueCourseDoc>(
  {
    ...keyFields,
    title: { type: String, required: true },
    label: { type: String },
    lmsUrl: { type: String },
    badgeToken: { type: String, required: true },
    badgeServedAt: { type: Date },
    firstSeenAt: { type: Date, required: true },
    lastLaunchAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_catalogue_courses' },
);
// One record per course (the launch upsert matches on exactly this key; listCourses is its prefix).
courseSchema.index(KEY, { unique: true, name: 'lv_catalogue_course' });
// The public badge's lookup.
courseSchema.index({ badgeToken: 1 }, { unique: true, name: 'lv_catalogue_badge_token' });

const placementSchema = new Schema<CataloguePlacementDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    firstLaunchAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_catalogue_placements' },
);
placementSchema.index({ issuer: 1, clientId: 1, deploymentId: 1 }, { unique: true, name: 'lv_catalogue_placement' });

const visitSchema = new Schema<CatalogueVisitDoc>(
  {
    ...keyFields,
    visitor: { type: String, required: true },
    openedAt: { type: Date, required: true },
    launchedAt: { type: Date },
  },
  { ...baseOptions, collection: 'lv_catalogue_visits' },
);
// One visit per learner and course; buyIn counts over the course prefix.
visitSchema.index({ ...KEY, visitor: 1 }, { unique: true, name: 'lv_catalogue_visit' });

export const CatalogueCourseModel = defineModel<CatalogueCourseDoc>('lv_catalogue_course', courseSchema);
export const CataloguePlacementModel = defineModel<CataloguePlacementDoc>('lv_catalogue_placement', placementSchema);
export const CatalogueVisitModel = defineModel<CatalogueVisitDoc>('lv_catalogue_visit', visitSchema);

export async function createCatalogueIndexes(): Promise<void> {
  await Promise.all([CatalogueCourseModel.createIndexes(), CataloguePlacementModel.createIndexes(), CatalogueVisitModel.createIndexes()]);
}
