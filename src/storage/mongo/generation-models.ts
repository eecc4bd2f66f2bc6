/** The per-course generation counters (ports/course-generations.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import type { CourseKeyDoc } from './course-models';
import { baseOptions, defineModel } from './models';

export interface GenerationDoc extends CourseKeyDoc {
  generation: number;
  /** The server's clock at the last bump ($currentDate): the catalogue asks which courses changed since t. */
  changedAt?: Date;
}

const generationSchema = new Schema<GenerationDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    contextId: { type: String },
    generation: { type: Number, required: true },
    changedAt: { type: Date },
  },
  { ...baseOptions, collection: 'lv_course_generations' },
);
// One counter per course: the $inc upsert and generationOf both match on exactly this key.
generationSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 }, { unique: true, name: 'lv_generation_course' });
// The catalogue's changesSince: the deployment's courses bumped at or after a time, as one range.
generationSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, changedAt: 1 }, { name: 'lv_generation_changed' });

export const CourseGenerationModel = defineModel<GenerationDoc>('lv_course_generation', generationSchema);

/** Also creates the collection, so that the first bump inside a transaction need not. */
export async function createGenerationIndexes(): Promise<void> {
  await CourseGenerationModel.createIndexes();
}
