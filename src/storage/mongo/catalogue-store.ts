import mongoose from 'mongoose';
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { CatalogueCourse, CatalogueStore } from '../ports/catalogue';
import { CatalogueCourseModel, CataloguePlacementModel, CatalogueVisitModel, type CatalogueCourseDoc } from './catalogue-models';
import { ReviewModel } from './course-models';
import { retryOnceOnDuplicateKey } from './errors';
import { inTransaction } from './transaction';
import { CourseGenerationModel } from './generation-models';
import { bumpGeneration } from './generation-store';
import { courseFilter, idValue, itemFilter, platformFilter } from './keys';

function deploymentFilter(d: DeploymentKey) {
  return { ...platformFilter(d), deploymentId: idValue(d.deploymentId, 'deploymentId') };
}

function toCourse(doc: CatalogueCourseDoc): CatalogueCourse {
  return {
    course: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, contextId: doc.contextId },
    title: doc.title,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    ...(doc.lmsUrl !== undefined ? { lmsUrl: doc.lmsUrl } : {}),
    badgeToken: doc.badgeToken,
    ...(doc.badgeServedAt ? { badgeServedAt: new Date(doc.badgeServedAt) } : {}),
    firstSeenAt: new Date(doc.firstSeenAt),
    lastLaunchAt: new Date(doc.lastLaunchAt),
  };
}

/** The server's clock, the one $currentDate stamps generations with (app clocks may differ). */
async function serverTime(): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB connection is not open');
  const hello = (await db.command({ hello: 1 })) as { localTime?: Date };
  return hello.localTime ? new Date(hello.localTime).getTime() : Date.now();
}

export function createCatalogueStore(): CatalogueStore {
  return {
    async recordCourse(course, info, badgeToken, at) {
      const filter = courseFilter(course);
      const shown = { title: info.title, label: info.label, lmsUrl: info.lmsUrl };
      const set: { title: string; label?: string; lmsUrl?: string } = { title: info.title };
      const unset: Record<string, ''> = {};
      for (const field of ['label', 'lmsUrl'] as const) {
        const value = shown[field];
        if (value === undefined) unset[field] = '';
        else set[field] = value;
      }
      // Plain values in $set/$setOnInsert (never a pipeline), so an LMS title such as "$title" is
      // stored as text. The pre-image tells whether anything shown changed; the record and the
      // generation bump commit together (the store's one transaction policy, transaction.ts).
      const update = { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $max: { lastLaunchAt: at }, $setOnInsert: { badgeToken, firstSeenAt: at } };
      const before = await inTransaction(async (session) => {
        const previous = await CatalogueCourseModel.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'before', setDefaultsOnInsert: false, session }).lean<CatalogueCourseDoc>().exec();
        const changed = !previous || previous.title !== shown.title || previous.label !== shown.label || previous.lmsUrl !== shown.lmsUrl;
        if (changed) await bumpGeneration(course, session);
        return previous;
      }, course);
      const doc: CatalogueCourseDoc = before
        ? { ...before, ...set, lastLaunchAt: before.lastLaunchAt > at ? before.lastLaunchAt : at }
        : { ...filter, ...set, badgeToken, firstSeenAt: at, lastLaunchAt: at };
      for (const field of Object.keys(unset)) delete (doc as unknown as Record<string, unknown>)[field];
      return toCourse(doc);
    },
    async findCourse(course: ContextKey) {
      const doc = await CatalogueCourseModel.findOne(courseFilter(course)).lean<CatalogueCourseDoc>().exec();
      return doc ? toCourse(doc) : null;
    },
    async findByBadgeToken(token) {
      const doc = await CatalogueCourseModel.findOne({ badgeToken: idValue(token, 'badgeToken') }).lean<CatalogueCourseDoc>().exec();
      return doc ? toCourse(doc) : null;
    },
    async listCourses(deployment) {
      const filter = deploymentFilter(deployment);
      const [courses, generations] = await Promise.all([
        CatalogueCourseModel.find(filter).lean<CatalogueCourseDoc[]>().exec(),
        CourseGenerationModel.find(filter, { _id: 0, contextId: 1, generation: 1, changedAt: 1 }).lean<Array<{ contextId: string; generation: number; changedAt?: Date }>>().exec(),
      ]);
      const byCourse = new Map(generations.map((g) => [g.contextId, g]));
      return courses.map((doc) => {
        const g = byCourse.get(doc.contextId);
        return { course: toCourse(doc), generation: g?.generation ?? 0, changedAt: g?.changedAt ? new Date(g.changedAt).getTime() : 0 };
      });
    },
    async listPlatformCourses(platform) {
      const docs = await CatalogueCourseModel.find(platformFilter(platform)).sort({ deploymentId: 1, title: 1, contextId: 1 }).lean<CatalogueCourseDoc[]>().exec();
      return docs.map(toCourse);
    },
    async changesSince(deployment, since) {
      const now = await serverTime();
      const docs = await CourseGenerationModel.find({ ...deploymentFilter(deployment), changedAt: { $gte: new Date(since) } }, { _id: 0, contextId: 1, generation: 1, changedAt: 1 })
        .lean<Array<{ contextId: string; generation: number; changedAt: Date }>>()
        .exec();
      return { now, changes: docs.map((d) => ({ contextId: d.contextId, generation: d.generation, changedAt: new Date(d.changedAt).getTime() })) };
    },
    storeTime: serverTime,
    // $currentDate stamps when the statement runs, which may be up to a transaction's lifetime
    // (transactionLifetimeLimitSeconds, 60 s by default) before the commit makes it visible.
    changeWindowMs: 90_000,
    async markBadgeServed(course, at) {
      await CatalogueCourseModel.updateOne({ ...courseFilter(course), badgeServedAt: { $exists: false } }, { $set: { badgeServedAt: at } }).exec();
    },
    async recordPlacement(deployment, at) {
      await retryOnceOnDuplicateKey(() =>
        CataloguePlacementModel.updateOne(deploymentFilter(deployment), { $setOnInsert: { firstLaunchAt: at } }, { upsert: true, setDefaultsOnInsert: false }).exec(),
      );
    },
    async hasPlacement(deployment) {
      return (await CataloguePlacementModel.exists(deploymentFilter(deployment)).exec()) !== null;
    },
    async answerCounts(item) {
      const published = { ...itemFilter(item), status: 'published' as const };
      // Equality on response.at (null matches a missing response) walks the "unanswered" triage index.
      const [reviews, unanswered] = await Promise.all([
        ReviewModel.countDocuments(published).exec(),
        ReviewModel.countDocuments({ ...published, 'response.at': null }).exec(),
      ]);
      return { reviews, answered: reviews - unanswered };
    },
    async recordOpen(course, visitor, at) {
      await retryOnceOnDuplicateKey(() =>
        CatalogueVisitModel.updateOne({ ...courseFilter(course), visitor: idValue(visitor, 'visitor') }, { $setOnInsert: { openedAt: at } }, { upsert: true, setDefaultsOnInsert: false }).exec(),
      );
    },
    async recordCourseLaunch(course, visitor, at) {
      await CatalogueVisitModel.updateOne(
        { ...courseFilter(course), visitor: idValue(visitor, 'visitor'), launchedAt: { $exists: false }, openedAt: { $lte: at } },
        { $set: { launchedAt: at } },
      ).exec();
    },
    async buyIn(course) {
      const filter = courseFilter(course);
      const [opened, launched] = await Promise.all([
        CatalogueVisitModel.countDocuments(filter).exec(),
        CatalogueVisitModel.countDocuments({ ...filter, launchedAt: { $exists: true } }).exec(),
      ]);
      return { opened, launched };
    },
  };
}
