/**
 * The indexes a data-protection request reads (ports/user-data.ts): one person of one platform across
 * all their courses as an index range, on collections whose other indexes all start with the whole
 * course key. Built at open with the others (mongo-storage.ts); the SQLite twin is migration 17.
 * Sessions have none: their person is inside the context's JSON text (models.ts), so a request reads
 * the live sessions, which the TTL index keeps to those of the last hours.
 */
import type { Model } from 'mongoose';
import { AuditModel, AuthorNumberModel, ReportModel, ReviewModel, VoteModel as ReviewVoteModel } from './course-models';
import { AnswerModel, CommentModel, IdeaModel, VisitModel } from './consultation-models';
import { ActionModel, InviteModel, OutboxModel, VersionModel } from './loop-models';
import { CatalogueVisitModel } from './catalogue-models';
import { MemberModel } from './models';

const PLATFORM = { issuer: 1, clientId: 1 } as const;

export const PERSON_INDEXES: ReadonlyArray<readonly [Model<any>, Record<string, 1>, string, Record<string, unknown>?]> = [
  [ReviewModel, { ...PLATFORM, authorId: 1 }, 'lv_person_reviews'],
  [ReviewModel, { ...PLATFORM, 'response.by.id': 1 }, 'lv_person_responses', { partialFilterExpression: { 'response.by.id': { $exists: true } } }],
  [ReviewVoteModel, { ...PLATFORM, voterId: 1 }, 'lv_person_review_votes'],
  [ReportModel, { ...PLATFORM, reporterId: 1 }, 'lv_person_reports'],
  [AuthorNumberModel, { ...PLATFORM, authorId: 1 }, 'lv_person_author_numbers'],
  [AuditModel, { ...PLATFORM, 'actor.id': 1 }, 'lv_person_audit'],
  [IdeaModel, { ...PLATFORM, authorId: 1 }, 'lv_person_ideas'],
  [CommentModel, { ...PLATFORM, authorId: 1 }, 'lv_person_comments'],
  // Answers carry no course: found by person, then kept when their poll's consultation is the platform's.
  [AnswerModel, { userId: 1 }, 'lv_person_answers'],
  [VisitModel, { ...PLATFORM, userId: 1 }, 'lv_person_cg_visits'],
  [MemberModel, { ...PLATFORM, userId: 1 }, 'lv_person_members'],
  [InviteModel, { ...PLATFORM, userId: 1 }, 'lv_person_invites'],
  [OutboxModel, { ...PLATFORM, userId: 1 }, 'lv_person_outbox'],
  [ActionModel, { ...PLATFORM, 'createdBy.id': 1 }, 'lv_person_actions'],
  [VersionModel, { ...PLATFORM, 'createdBy.id': 1 }, 'lv_person_versions'],
  [CatalogueVisitModel, { ...PLATFORM, visitor: 1 }, 'lv_person_catalogue_visits'],
];

export async function createPersonIndexes(): Promise<void> {
  await Promise.all(PERSON_INDEXES.map(([model, keys, name, options]) => model.collection.createIndex(keys, { name, ...options })));
}
