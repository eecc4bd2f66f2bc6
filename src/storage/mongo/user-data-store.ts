/**
 * MongoDB: export and erasure of one person of one platform (ports/user-data.ts). The erasure is one
 * transaction (transaction.ts): what it deletes, the counters it recounts, what it anonymises and
 * its audit entries commit together, and each course it touched gets its generation bumped so no
 * cached page keeps showing the person.
 */
import type { ContextKey } from '../../context/tenant';
import type { ReportReason } from '../ports/reviews';
import type { UserDataStore, UserKey } from '../ports/user-data';
import { checkErasure, checkUserKey, erasedId, erasureAudit, ErasureTally } from '../shared/erasure-record';
import { appendAuditDoc, toAuditEntry } from './audit-store';
import { AuditModel, AuthorNumberModel, ReportModel, ReviewModel, VoteModel as ReviewVoteModel, type ReviewDoc } from './course-models';
import { AnswerModel, CommentModel, IdeaModel, VisitModel, VoteModel as IdeaVoteModel } from './consultation-models';
import { toComment, toIdea } from './consultation-docs';
import { bumpGeneration } from './generation-store';
import { platformFilter } from './keys';
import { ActionModel, InviteModel, OutboxModel, VersionModel } from './loop-models';
import { CatalogueVisitModel } from './catalogue-models';
import { MemberModel, SessionModel } from './models';
import { LtiRecordModel } from './ltijs-records';
import { toCourseMember } from './member-store';
import { toReview } from './review-docs';
import { factsOf, withState } from './review-loop-docs';
import { planReport } from '../shared/review-change';
import { inTransaction } from './transaction';
import { answersBy, commentsBy, ideasBy, ideaVotesBy, launchTokensOf, personRecords, reportsBy, responsesBy, reviewsBy, reviewVotesBy, sessionsOf } from './user-data-reads';
import type { LaunchContext } from '../../context/launch-context';

const courseOf = (d: { issuer: string; clientId: string; deploymentId?: string; contextId?: string }): ContextKey => ({
  issuer: d.issuer,
  clientId: d.clientId,
  deploymentId: d.deploymentId ?? '',
  contextId: d.contextId ?? '',
});

export function createUserDataStore(): UserDataStore {
  return {
    async exportUser(user, options = {}) {
      checkUserKey(user);
      const [members, reviews, votes, reports, responses, ideas, ideaVotes, comments, answers, visits, invites, scores, actions, versions, sessions, audit, tokens] = await Promise.all([
        personRecords.members(user),
        reviewsBy(user),
        reviewVotesBy(user),
        reportsBy(user),
        responsesBy(user),
        ideasBy(user),
        ideaVotesBy(user),
        commentsBy(user),
        answersBy(user),
        personRecords.visits(user),
        personRecords.invites(user),
        personRecords.scores(user),
        personRecords.actions(user),
        personRecords.versions(user),
        sessionsOf(user),
        personRecords.audit(user),
        launchTokensOf(user),
      ]);
      const catalogueVisits = options.visitor === undefined ? [] : await personRecords.catalogueVisits(user, options.visitor);
      return {
        user: { issuer: user.issuer, clientId: user.clientId, userId: user.userId },
        courses: members.map(toCourseMember),
        reviews: reviews.map(toReview),
        helpfulVotes: votes.map((v) => ({ course: courseOf(v), reviewId: v.reviewId })),
        reports: reports.map((r) => ({ course: courseOf(r), reviewId: r.reviewId, reason: r.reason as ReportReason, at: new Date(r.at), ...(r.clearedAt ? { clearedAt: new Date(r.clearedAt) } : {}) })),
        responses: responses.map((r) => ({ course: courseOf(r), reviewId: r.reviewId, text: r.response?.text ?? '', at: new Date(r.response?.at ?? 0) })),
        ideas: ideas.map(toIdea),
        ideaVotes: ideaVotes.map(({ vote, idea }) => ({ course: courseOf(idea), ideaId: idea.recordId, votedAt: new Date(vote.votedAt) })),
        comments: comments.map(toComment),
        pollAnswers: answers.map(({ answer, poll, consultation }) => ({
          course: courseOf(consultation),
          pollId: poll.recordId,
          question: poll.question,
          choices: [...answer.choices],
          answeredAt: new Date(answer.answeredAt),
        })),
        consultationVisits: visits.map((v) => ({ course: courseOf(v), visitedAt: new Date(v.visitedAt) })),
        reviewInvites: invites.map((i) => ({ course: courseOf(i), state: { dismissed: i.dismissed, ...(i.postponedUntil != null ? { postponedUntil: new Date(i.postponedUntil) } : {}) } })),
        pendingScores: scores.map((s) => ({
          id: s.scoreId,
          course: courseOf(s),
          userId: s.userId,
          reason: s.reason,
          target: { lineItemsUrl: s.target?.lineItemsUrl ?? '', scopes: [...(s.target?.scopes ?? [])], resourceLinkId: s.target?.resourceLinkId ?? '' },
          createdAt: new Date(s.createdAt),
          attempts: s.attempts,
          nextAttemptAt: new Date(s.nextAttemptAt),
          locale: s.locale === 'fr' ? ('fr' as const) : ('en' as const),
          ...(s.lastError != null ? { lastError: s.lastError } : {}),
        })),
        correctiveActions: actions.map((a) => ({
          id: a.actionId,
          course: courseOf(a),
          description: a.description,
          ...(a.dueOn != null ? { dueOn: a.dueOn } : {}),
          status: a.status,
          reviewIds: [...(a.reviewIds ?? [])].sort(),
          ...(a.doneInVersion != null ? { doneInVersion: a.doneInVersion } : {}),
          createdBy: { id: a.createdBy?.id ?? '', name: a.createdBy?.name ?? '' },
          createdAt: new Date(a.createdAt),
          updatedAt: new Date(a.updatedAt),
        })),
        courseVersions: versions.map((v) => ({ course: courseOf(v), versionId: v.versionId, label: v.label, createdAt: new Date(v.createdAt) })),
        sessions: sessions.map((s) => ({ context: JSON.parse(s.context) as LaunchContext, createdAt: new Date(s.createdAt), expiresAt: new Date(s.expiresAt) })),
        auditEntries: audit.map(toAuditEntry),
        catalogueVisits: catalogueVisits.map((v) => ({ course: courseOf(v), openedAt: new Date(v.openedAt), ...(v.launchedAt ? { launchedAt: new Date(v.launchedAt) } : {}) })),
        launchTokens: tokens.map((t) => ({ collection: t.kind, ...t.doc })),
      };
    },

    async eraseUser(user, request) {
      checkErasure(user, request);
      const person = { ...platformFilter(user) };
      const erased = erasedId(request);
      return inTransaction(async (session) => {
        const tally = new ErasureTally();
        for (const { course, count } of request.reviewsDeleted) tally.add(course, 'reviews', count);

        // Helpful votes and reports on others' reviews: removed, and the counts they fed recounted.
        for (const vote of await reviewVotesBy(user, session)) {
          await ReviewVoteModel.deleteOne({ reviewId: vote.reviewId, voterId: user.userId }, { session }).exec();
          const count = await ReviewVoteModel.countDocuments({ reviewId: vote.reviewId }).session(session).exec();
          await ReviewModel.updateOne({ reviewId: vote.reviewId }, { $set: { helpfulCount: count } }, { session }).exec();
          tally.add(courseOf(vote), 'helpfulVotes');
        }
        for (const report of await reportsBy(user, session)) {
          await ReportModel.deleteOne({ reviewId: report.reviewId, reporterId: user.userId }, { session }).exec();
          const review = await ReviewModel.findOne({ reviewId: report.reviewId }).session(session).lean<ReviewDoc>().exec();
          if (review) {
            const open = await ReportModel.countDocuments({ reviewId: report.reviewId, clearedAt: null }).session(session).exec();
            // Fewer open reports: the queue and the flag follow the same plan as when one is filed (shared/review-change.ts).
            const { reportCount, queued, attention } = withState(review, planReport(factsOf(review), open).review);
            await ReviewModel.updateOne({ reviewId: report.reviewId }, { $set: { reportCount, queued, attention } }, { session }).exec();
          }
          tally.add(courseOf(report), 'reports');
        }
        for (const { vote, idea } of await ideaVotesBy(user, session)) {
          await IdeaVoteModel.deleteOne({ ideaId: vote.ideaId, voterId: user.userId }, { session }).exec();
          const count = await IdeaVoteModel.countDocuments({ ideaId: vote.ideaId }).session(session).exec();
          await IdeaModel.updateOne({ recordId: vote.ideaId }, { $set: { voteCount: count } }, { session }).exec();
          tally.add(courseOf(idea), 'ideaVotes');
        }
        for (const { answer, consultation } of await answersBy(user, session)) {
          await AnswerModel.deleteOne({ pollId: answer.pollId, userId: user.userId }, { session }).exec();
          tally.add(courseOf(consultation), 'pollAnswers');
        }

        // The person's presence and state: whole documents go.
        const byPerson = { ...person, userId: user.userId };
        for (const [model, docs] of [
          [VisitModel, await personRecords.visits(user, session)],
          [MemberModel, await personRecords.members(user, session)],
          [InviteModel, await personRecords.invites(user, session)],
          [OutboxModel, await personRecords.scores(user, session)],
        ] as const) {
          await (model as typeof VisitModel).deleteMany(byPerson, { session }).exec();
          for (const doc of docs) tally.add(courseOf(doc), 'recordsDeleted');
        }
        const sessions = await sessionsOf(user, session);
        if (sessions.length > 0) await SessionModel.deleteMany({ sessionId: { $in: sessions.map((s) => s.sessionId) } }, { session }).exec();
        for (const s of sessions) tally.add((JSON.parse(s.context) as LaunchContext).link, 'recordsDeleted');
        if (request.visitor !== undefined) {
          const visits = await personRecords.catalogueVisits(user, request.visitor, session);
          await CatalogueVisitModel.deleteMany({ ...person, visitor: request.visitor }, { session }).exec();
          for (const v of visits) tally.add(courseOf(v), 'recordsDeleted');
        }
        const tokens = await launchTokensOf(user, session);
        if (tokens.length > 0) await LtiRecordModel.deleteMany({ _id: { $in: tokens.map((t) => t._id) } }, { session }).exec();

        // What others built on stays, without the person: one id for the erasure, no name.
        for (const idea of await ideasBy(user, session)) tally.add(courseOf(idea), 'ideasAnonymised');
        await IdeaModel.updateMany({ ...person, authorId: user.userId }, { $set: { authorId: erased, authorName: '', creditConsent: false } }, { session }).exec();
        for (const comment of await commentsBy(user, session)) tally.add(courseOf(comment), 'commentsAnonymised');
        await CommentModel.updateMany({ ...person, authorId: user.userId }, { $set: { authorId: erased, authorName: '' } }, { session }).exec();
        for (const review of await responsesBy(user, session)) tally.add(courseOf(review), 'recordsAnonymised');
        await ReviewModel.updateMany({ ...person, 'response.by.id': user.userId }, { $set: { 'response.by.id': erased, 'response.by.name': '' } }, { session }).exec();
        for (const doc of [...(await personRecords.actions(user, session)), ...(await personRecords.versions(user, session))]) tally.add(courseOf(doc), 'recordsAnonymised');
        await ActionModel.updateMany({ ...person, 'createdBy.id': user.userId }, { $set: { 'createdBy.id': erased, 'createdBy.name': '' } }, { session }).exec();
        await VersionModel.updateMany({ ...person, 'createdBy.id': user.userId }, { $set: { 'createdBy.id': erased, 'createdBy.name': '' } }, { session }).exec();
        for (const entry of await personRecords.audit(user, session)) tally.add(courseOf(entry), 'recordsAnonymised');
        await AuditModel.updateMany({ ...person, 'actor.id': user.userId }, { $set: { 'actor.id': erased, 'actor.name': '' } }, { session }).exec();
        // The author's number stays taken in each course (the counter never gives it again anyway).
        const numbers = await AuthorNumberModel.find({ ...person, authorId: user.userId }).session(session).lean<Array<{ issuer: string; clientId: string; deploymentId: string; contextId: string }>>().exec();
        for (const n of numbers) tally.add(courseOf(n), 'recordsAnonymised');
        await AuthorNumberModel.updateMany({ ...person, authorId: user.userId }, { $set: { authorId: erased } }, { session }).exec();

        const courses = tally.courses();
        for (const erasure of courses) {
          await appendAuditDoc(erasureAudit(erasure, request), session);
          await bumpGeneration(erasure.course, session);
        }
        return courses;
      });
    },
  };
}
