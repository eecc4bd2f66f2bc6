/**
 * Which process holds a course's grade-outbox scores (lv_outbox_courses): one document per course
 * held, { _id: the course, owner, until }. A course's scores go to one process at a time, so two
 * processes never look for, and create, the course's gradebook column at once (the SQLite adapter
 * reads the same from its claimed rows inside its claim transaction; MongoDB updates one document
 * atomically, so the course gets a document of its own).
 *
 * Taking is one upsert conditioned on "mine, or run out": when another owner's live document is
 * there the filter matches nothing and the insert of the same _id fails with a duplicate key (11000),
 * which means "busy". The server does not retry that upsert itself (its filter is not equalities on
 * _id alone), and if it did, the retry would meet the same condition.
 */
import { Schema } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { courseFilter, idValue } from './keys';
import { baseOptions, defineModel } from './models';

export interface OutboxCourseDoc {
  _id: string;
  owner: string;
  until: Date;
}

const schema = new Schema<OutboxCourseDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_outbox_courses' },
);

export const OutboxCourseModel = defineModel<OutboxCourseDoc>('lv_outbox_course', schema);

const DUPLICATE_KEY = 11000;

/** The course's document id: its four key fields, each checked to be a plain string. */
export function outboxCourseId(course: ContextKey): string {
  const { issuer, clientId, deploymentId, contextId } = courseFilter(course);
  return JSON.stringify([issuer, clientId, deploymentId, contextId]);
}

/** Takes (or extends) the course for `owner` until `until`; false while another owner holds it. */
export async function takeOutboxCourse(course: ContextKey, owner: string, now: Date, until: Date): Promise<boolean> {
  const holder = idValue(owner, 'owner');
  try {
    await OutboxCourseModel.updateOne(
      { _id: outboxCourseId(course), $or: [{ owner: holder }, { until: { $lte: now } }] },
      { $set: { owner: holder, until } },
      { upsert: true },
    ).exec();
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === DUPLICATE_KEY) return false;
    throw err;
  }
}

/** Gives the course back (only `owner`'s own document): called once the owner settled its last claimed score there. */
export async function freeOutboxCourse(course: ContextKey, owner: string): Promise<void> {
  await OutboxCourseModel.deleteOne({ _id: outboxCourseId(course), owner: idValue(owner, 'owner') }).exec();
}
