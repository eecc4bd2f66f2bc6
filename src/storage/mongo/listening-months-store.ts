/**
 * The monthly listening figures on MongoDB: the upserts of a review write's change (inside its
 * transaction) and the one-time fill from the reviews stored before this collection existed.
 * The update shapes are built by exported functions so test/unit/listening-months-mongo.test.ts
 * checks them without a server.
 */
import type { AnyBulkWriteOperation, ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { listeningChange, type ListeningFact, type ListeningMonthDelta } from '../shared/listening-months';
import { ReviewModel } from './course-models';
import { fillOnce } from './fill-once';
import { courseFilter } from './keys';
import { ListeningMonthModel, type ListeningMonthDoc } from './listening-months-models';

/**
 * One upsert per month: $inc of the counts and of `delays.<bucket>` (a bucket met for the first time
 * is created by the $inc, as a field of the embedded document). A bucket brought back to 0 stays as
 * a 0, which the shared median ignores.
 */
export function listeningMonthUpdates(course: ContextKey, deltas: readonly ListeningMonthDelta[]) {
  const key = courseFilter(course);
  return deltas.map((d) => {
    const inc: Record<string, number> = { reviews: d.reviews, answered: d.answered };
    for (const [bucket, n] of d.delays) inc[`delays.${bucket}`] = n;
    return { filter: { ...key, month: d.month }, update: { $inc: inc } };
  });
}

/** Adds a change's monthly deltas to the course's documents, in the review write's transaction. */
export async function applyListeningMonths(course: ContextKey, deltas: readonly ListeningMonthDelta[], session: ClientSession): Promise<void> {
  // Upserted: a course's first review of a month creates the document. A concurrent first write is a
  // write conflict (or a duplicate key on the unique index) inside the transaction, which inTransaction retries.
  for (const { filter, update } of listeningMonthUpdates(course, deltas)) await ListeningMonthModel.updateOne(filter, update, { upsert: true, session }).exec();
}

type StoredReviewFacts = { issuer: string; clientId: string; deploymentId?: string; contextId?: string; status: ListeningFact['status']; createdAt: Date; response?: { at?: Date | null } | null };

/** The documents the given reviews make, each review counted as its creation would count it (shared/listening-months.ts). */
export function monthDocsOf(reviews: Iterable<StoredReviewFacts>): Map<string, Required<ListeningMonthDoc>> {
  const docs = new Map<string, Required<ListeningMonthDoc>>();
  for (const r of reviews) {
    const course = { issuer: r.issuer, clientId: r.clientId, deploymentId: r.deploymentId ?? '', contextId: r.contextId ?? '' };
    const responseAt = r.response?.at == null ? null : new Date(r.response.at).getTime();
    for (const d of listeningChange(null, { status: r.status, createdAt: new Date(r.createdAt).getTime(), responseAt })) {
      const id = JSON.stringify([course.issuer, course.clientId, course.deploymentId, d.month, course.contextId]);
      let doc = docs.get(id);
      if (!doc) docs.set(id, (doc = { ...course, month: d.month, reviews: 0, answered: 0, delays: {} }));
      doc.reviews += d.reviews;
      doc.answered += d.answered;
      for (const [bucket, n] of d.delays) doc.delays[bucket] = (doc.delays[bucket] ?? 0) + n;
    }
  }
  return docs;
}

/** Claimed by the first process to fill, so replicas starting together fill once. */
const FILL_MARKER = 'lv_listening_months_fill';
const FILL_BATCH = 500;

/**
 * Rebuilds the documents of every course-month that has published reviews from the reviews, by
 * replacing them (idempotent: running it twice writes the same documents). The bucket of each delay
 * is the shared JS function, the same the writes use. Reads the published reviews once, through a
 * cursor; holds one small document per course-month in memory.
 */
export async function rebuildListeningMonths(): Promise<number> {
  const cursor = ReviewModel.find({ status: 'published' }, { _id: 0, issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, status: 1, createdAt: 1, 'response.at': 1 })
    .lean<StoredReviewFacts[]>()
    .cursor();
  const reviews: StoredReviewFacts[] = [];
  const docs = new Map<string, Required<ListeningMonthDoc>>();
  const flush = () => {
    for (const [id, doc] of monthDocsOf(reviews.splice(0))) {
      const into = docs.get(id);
      if (!into) docs.set(id, doc);
      else {
        into.reviews += doc.reviews;
        into.answered += doc.answered;
        for (const [bucket, n] of Object.entries(doc.delays)) into.delays[bucket] = (into.delays[bucket] ?? 0) + n;
      }
    }
  };
  for await (const review of cursor) {
    reviews.push(review as StoredReviewFacts);
    if (reviews.length >= FILL_BATCH * 10) flush();
  }
  flush();
  const operations: AnyBulkWriteOperation<ListeningMonthDoc>[] = [...docs.values()].map((doc) => ({
    replaceOne: { filter: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, month: doc.month, contextId: doc.contextId }, replacement: doc, upsert: true },
  }));
  for (let i = 0; i < operations.length; i += FILL_BATCH) await ListeningMonthModel.bulkWrite(operations.slice(i, i + FILL_BATCH), { ordered: false });
  return operations.length;
}

/**
 * Runs the rebuild once per database, at open, before the process serves requests (like the daily
 * rating buckets' fill). Reviews that instances of an older version write meanwhile are not counted:
 * upgrade all instances together, or delete this collection's documents and restart one instance.
 */
export async function fillListeningMonths(): Promise<void> {
  await fillOnce(ListeningMonthModel.collection, FILL_MARKER, rebuildListeningMonths);
}
