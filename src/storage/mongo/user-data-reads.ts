/**
 * MongoDB: one person's documents across the courses of their platform, read for an export and,
 * inside its transaction, for an erasure. Each read is a range of a lv_person_* index
 * (user-data-indexes.ts), except sessions (see there). Collections whose documents carry no course
 * (idea votes, poll answers) are read by person and kept when their parent is the platform's.
 */
import type { ClientSession } from 'mongoose';
import type { UserKey } from '../ports/user-data';
import { AuditModel, ReportModel, ReviewModel, VoteModel as ReviewVoteModel, type AuditDoc, type ReportDoc, type ReviewDoc, type VoteDoc as ReviewVoteDoc } from './course-models';
import {
  AnswerModel,
  CommentModel,
  ConsultationModel,
  IdeaModel,
  PollModel,
  VisitModel,
  VoteModel as IdeaVoteModel,
  type AnswerDoc,
  type CommentDoc,
  type ConsultationDoc,
  type IdeaDoc,
  type PollDoc,
  type VisitDoc,
  type VoteDoc as IdeaVoteDoc,
} from './consultation-models';
import { ActionModel, InviteModel, OutboxModel, VersionModel, type ActionDoc, type InviteDoc, type OutboxDoc, type VersionDoc } from './loop-models';
import { CatalogueVisitModel, type CatalogueVisitDoc } from './catalogue-models';
import { MemberModel, SessionModel, type MemberDoc, type SessionDoc } from './models';
import { LtiRecordModel, type LtiRecordDoc } from './ltijs-records';
import { platformFilter } from './keys';
import { isPersonLaunchRecord, LAUNCH_RECORD_COLLECTIONS } from '../ltijs/person-records';

export interface PersonFilter {
  issuer: string;
  clientId: string;
}

const opts = (session?: ClientSession) => (session ? { session } : {});

/** The regular-expression form of a literal, for a server-side pre-filter on the sessions' JSON text. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function reviewsBy(user: UserKey, session?: ClientSession): Promise<ReviewDoc[]> {
  return ReviewModel.find({ ...platformFilter(user), authorId: user.userId }, null, opts(session)).sort({ createdAt: 1, reviewId: 1 }).lean<ReviewDoc[]>().exec();
}

export async function reviewVotesBy(user: UserKey, session?: ClientSession): Promise<ReviewVoteDoc[]> {
  return ReviewVoteModel.find({ ...platformFilter(user), voterId: user.userId }, null, opts(session)).lean<ReviewVoteDoc[]>().exec();
}

export async function reportsBy(user: UserKey, session?: ClientSession): Promise<ReportDoc[]> {
  return ReportModel.find({ ...platformFilter(user), reporterId: user.userId }, null, opts(session)).sort({ at: 1 }).lean<ReportDoc[]>().exec();
}

export async function responsesBy(user: UserKey, session?: ClientSession): Promise<ReviewDoc[]> {
  return ReviewModel.find({ ...platformFilter(user), 'response.by.id': user.userId }, null, opts(session)).lean<ReviewDoc[]>().exec();
}

export async function ideasBy(user: UserKey, session?: ClientSession): Promise<IdeaDoc[]> {
  return IdeaModel.find({ ...platformFilter(user), authorId: user.userId }, null, opts(session)).sort({ createdAt: 1, recordId: 1 }).lean<IdeaDoc[]>().exec();
}

export async function commentsBy(user: UserKey, session?: ClientSession): Promise<CommentDoc[]> {
  return CommentModel.find({ ...platformFilter(user), authorId: user.userId }, null, opts(session)).sort({ createdAt: 1, recordId: 1 }).lean<CommentDoc[]>().exec();
}

/** The person's idea votes on this platform, each with its idea's course. */
export async function ideaVotesBy(user: UserKey, session?: ClientSession): Promise<Array<{ vote: IdeaVoteDoc; idea: IdeaDoc }>> {
  const votes = await IdeaVoteModel.find({ voterId: user.userId }, null, opts(session)).lean<IdeaVoteDoc[]>().exec();
  if (votes.length === 0) return [];
  const ideas = await IdeaModel.find({ ...platformFilter(user), recordId: { $in: votes.map((v) => v.ideaId) } }, null, opts(session)).lean<IdeaDoc[]>().exec();
  const byId = new Map(ideas.map((i) => [i.recordId, i]));
  return votes.flatMap((vote) => {
    const idea = byId.get(vote.ideaId);
    return idea ? [{ vote, idea }] : [];
  });
}

/** The person's poll answers on this platform, each with its poll and consultation. */
export async function answersBy(user: UserKey, session?: ClientSession): Promise<Array<{ answer: AnswerDoc; poll: PollDoc; consultation: ConsultationDoc }>> {
  const answers = await AnswerModel.find({ userId: user.userId }, null, opts(session)).lean<AnswerDoc[]>().exec();
  if (answers.length === 0) return [];
  const polls = await PollModel.find({ recordId: { $in: answers.map((a) => a.pollId) } }, null, opts(session)).lean<PollDoc[]>().exec();
  const consultations = await ConsultationModel.find({ ...platformFilter(user), recordId: { $in: polls.map((p) => p.consultationId) } }, null, opts(session))
    .lean<ConsultationDoc[]>()
    .exec();
  const pollById = new Map(polls.map((p) => [p.recordId, p]));
  const consultationById = new Map(consultations.map((c) => [c.recordId, c]));
  return answers.flatMap((answer) => {
    const poll = pollById.get(answer.pollId);
    const consultation = poll && consultationById.get(poll.consultationId);
    return poll && consultation ? [{ answer, poll, consultation }] : [];
  });
}

export const personRecords = {
  members: (user: UserKey, session?: ClientSession) => MemberModel.find({ ...platformFilter(user), userId: user.userId }, null, opts(session)).lean<MemberDoc[]>().exec(),
  visits: (user: UserKey, session?: ClientSession) => VisitModel.find({ ...platformFilter(user), userId: user.userId }, null, opts(session)).lean<VisitDoc[]>().exec(),
  invites: (user: UserKey, session?: ClientSession) => InviteModel.find({ ...platformFilter(user), userId: user.userId }, null, opts(session)).lean<InviteDoc[]>().exec(),
  scores: (user: UserKey, session?: ClientSession) => OutboxModel.find({ ...platformFilter(user), userId: user.userId }, null, opts(session)).lean<OutboxDoc[]>().exec(),
  actions: (user: UserKey, session?: ClientSession) => ActionModel.find({ ...platformFilter(user), 'createdBy.id': user.userId }, null, opts(session)).lean<ActionDoc[]>().exec(),
  versions: (user: UserKey, session?: ClientSession) => VersionModel.find({ ...platformFilter(user), 'createdBy.id': user.userId }, null, opts(session)).lean<VersionDoc[]>().exec(),
  audit: (user: UserKey, session?: ClientSession) =>
    AuditModel.find({ ...platformFilter(user), 'actor.id': user.userId }, null, opts(session)).sort({ at: 1, _id: 1 }).lean<AuditDoc[]>().exec(),
  catalogueVisits: (user: UserKey, visitor: string, session?: ClientSession) =>
    CatalogueVisitModel.find({ ...platformFilter(user), visitor }, null, opts(session)).lean<CatalogueVisitDoc[]>().exec(),
};

/** The person's sessions: the JSON text is pre-filtered on the server, then each match is checked parsed. */
export async function sessionsOf(user: UserKey, session?: ClientSession): Promise<SessionDoc[]> {
  const docs = await SessionModel.find({ context: { $regex: literal(`"userId":${JSON.stringify(user.userId)}`) } }, null, opts(session)).lean<SessionDoc[]>().exec();
  return docs.filter((doc) => {
    const context = JSON.parse(doc.context) as { userId?: unknown; link?: { issuer?: unknown; clientId?: unknown } };
    return context.userId === user.userId && context.link?.issuer === user.issuer && context.link?.clientId === user.clientId;
  });
}

/** ltijs's id and context tokens of the person's launches on this platform (ltijs/person-records.ts). */
export async function launchTokensOf(user: UserKey, session?: ClientSession): Promise<LtiRecordDoc[]> {
  const docs = await LtiRecordModel.find({ kind: { $in: [...LAUNCH_RECORD_COLLECTIONS] }, 'doc.user': user.userId }, null, opts(session)).lean<LtiRecordDoc[]>().exec();
  return docs.filter((r) => isPersonLaunchRecord(r.kind, r.doc as Record<string, unknown>, user));
}
