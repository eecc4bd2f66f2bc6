/**
 * Data-protection export and erasure of one person's contribution data on MongoDB (the twin of
 * sqlite/contribution-people.ts), matched by (issuer, client id, sub) through the *_person indexes
 * of contribution-models.ts. Erasure is one transaction: their contributions with what hangs on
 * them, then their marks, comments and reports on others' contributions with those counters moved
 * back by $inc, and their name blanked in the reuse records they made.
 */
import type { ClientSession } from 'mongoose';
import type { ContributionDataProtection, ContributionErasure } from '../ports/contributions';
import {
  ContributionCommentModel,
  ContributionModel,
  ContributionReportModel,
  ContributionReuseModel,
  UsefulMarkModel,
  type ContributionCommentDoc,
  type ContributionDoc,
  type ContributionReportDoc,
  type ContributionReuseDoc,
  type UsefulMarkDoc,
} from './contribution-models';
import { toComment, toContribution, toReuse } from './contribution-docs';
import { idValue, platformFilter } from './keys';
import { inTransaction } from './transaction';

type Person = { readonly issuer: string; readonly clientId: string; readonly userId: string };

const courseOf = (doc: { issuer: string; clientId: string; deploymentId: string; contextId: string }) => ({
  issuer: doc.issuer,
  clientId: doc.clientId,
  deploymentId: doc.deploymentId ?? '',
  contextId: doc.contextId ?? '',
});

async function read(person: Person, session?: ClientSession) {
  const platform = platformFilter(person);
  const userId = idValue(person.userId, 'userId');
  const withSession = <Q extends { session(s: ClientSession): Q }>(query: Q): Q => (session ? query.session(session) : query);
  // One after another: a transaction's session runs one operation at a time (the driver does not
  // support parallel operations in a transaction).
  const contributions = await withSession(ContributionModel.find({ ...platform, authorId: userId }).sort({ createdAt: 1, contributionId: 1 })).lean<ContributionDoc[]>().exec();
  const marks = await withSession(UsefulMarkModel.find({ ...platform, userId }).sort({ at: 1 })).lean<UsefulMarkDoc[]>().exec();
  const comments = await withSession(ContributionCommentModel.find({ ...platform, authorId: userId }).sort({ createdAt: 1, commentId: 1 })).lean<ContributionCommentDoc[]>().exec();
  const reports = await withSession(ContributionReportModel.find({ ...platform, reporterId: userId }).sort({ at: 1 })).lean<ContributionReportDoc[]>().exec();
  const reuses = await withSession(ContributionReuseModel.find({ ...platform, byId: userId }).sort({ at: 1, reuseId: 1 })).lean<ContributionReuseDoc[]>().exec();
  return { userId, platform, contributions, marks, comments, reports, reuses };
}

export function createMongoContributionPeople(): ContributionDataProtection {
  return {
    async exportUser(user) {
      const { contributions, marks, comments, reports, reuses } = await read(user);
      return {
        contributions: contributions.map(toContribution),
        usefulMarks: marks.map((m) => ({ course: courseOf(m), contributionId: m.contributionId, at: new Date(m.at) })),
        comments: comments.map(toComment),
        reports: reports.map((r) => ({ course: courseOf(r), contributionId: r.contributionId, reason: r.reason, at: new Date(r.at) })),
        reusesRecorded: reuses.map(toReuse),
      };
    },

    async eraseUser(user) {
      return inTransaction(async (session) => {
        const perCourse = new Map<string, ContributionErasure>();
        const count = (doc: { issuer: string; clientId: string; deploymentId: string; contextId: string }, field: 'contributions' | 'usefulMarks' | 'comments' | 'reports') => {
          const course = courseOf(doc);
          const key = JSON.stringify([course.deploymentId, course.contextId]);
          const entry = perCourse.get(key) ?? { course, contributions: 0, usefulMarks: 0, comments: 0, reports: 0 };
          perCourse.set(key, { ...entry, [field]: entry[field] + 1 });
        };
        const fileIds: string[] = [];
        const { userId, platform, contributions } = await read(user, session);
        // Their own contributions first, with everything attached, so the recounts below only
        // touch other people's contributions (a mark of theirs on their own is impossible anyway).
        // Each by its full course key and id: every collection's index starts with them.
        for (const doc of contributions) {
          const attached = { ...courseOf(doc), contributionId: doc.contributionId };
          await ContributionModel.deleteOne(attached, { session }).exec();
          for (const model of [UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel] as const) {
            await (model as typeof UsefulMarkModel).deleteMany(attached, { session }).exec();
          }
          if (doc.fileId != null) fileIds.push(doc.fileId);
          count(doc, 'contributions');
        }
        const ownSet = new Set(contributions.map((c) => c.contributionId));
        const { marks, comments, reports } = await read(user, session);
        for (const mark of marks) {
          await UsefulMarkModel.deleteOne({ ...courseOf(mark), contributionId: mark.contributionId, userId }, { session }).exec();
          if (!ownSet.has(mark.contributionId)) await ContributionModel.updateOne({ ...courseOf(mark), contributionId: mark.contributionId }, { $inc: { usefulCount: -1 } }, { session }).exec();
          count(mark, 'usefulMarks');
        }
        for (const comment of comments) {
          await ContributionCommentModel.deleteOne({ commentId: comment.commentId }, { session }).exec();
          if (comment.status === 'published') {
            await ContributionModel.updateOne({ ...courseOf(comment), contributionId: comment.contributionId }, { $inc: { commentCount: -1 } }, { session }).exec();
          }
          count(comment, 'comments');
        }
        for (const report of reports) {
          const key = { ...courseOf(report), contributionId: report.contributionId };
          await ContributionReportModel.deleteOne({ ...key, reporterId: userId }, { session }).exec();
          if (report.clearedAt == null) {
            // SQLite: report_count - 1, and in the queue while held or still reported.
            await ContributionModel.updateOne(key, [{ $set: { reportCount: { $subtract: ['$reportCount', 1] } } }, { $set: { inQueue: { $or: [{ $eq: ['$status', 'held'] }, { $gt: ['$reportCount', 0] }] } } }], {
              session,
              updatePipeline: true,
            }).exec();
          }
          count(report, 'reports');
        }
        await ContributionReuseModel.updateMany({ ...platform, byId: userId, byName: { $ne: '' } }, { $set: { byName: '' } }, { session }).exec();
        return { courses: [...perCourse.values()], fileIds };
      });
    },
  };
}
