/**
 * The MongoDB side of the consumer group that runs without a server: keyset filters, document
 * translation, and the indexes the store relies on (the contract suite runs it against a real
 * server when MONGODB_URI is set).
 */
import { afterFilter, toIdea } from '../../src/storage/mongo/consultation-docs';
import { IdeaModel, VoteModel, AnswerModel, type IdeaDoc } from '../../src/storage/mongo/consultation-models';

describe('MongoDB consultations helpers', () => {
  it('builds "strictly after" filters for descending keyset pages, turning epoch cursors back into dates', () => {
    expect(afterFilter(['voteCount', 'createdAt', 'recordId'], [3, 1000, 'abc'], new Set(['createdAt']))).toEqual({
      $or: [
        { voteCount: { $lt: 3 } },
        { voteCount: 3, createdAt: { $lt: new Date(1000) } },
        { voteCount: 3, createdAt: new Date(1000), recordId: { $lt: 'abc' } },
      ],
    });
  });

  it('reads an idea document back as the port record, leaving absent optional fields out', () => {
    const doc: IdeaDoc = {
      issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'x', recordId: 'r', kind: 'idea', consultationId: 'k',
      authorId: 'u', authorName: 'Ann', authorRole: 'learner', creditConsent: true, title: 't', description: '', situation: '',
      locale: 'fr', textLanguage: 'french', status: 'new', hidden: false, voteCount: 2, commentCount: 0,
      createdAt: new Date(1), lastActivityAt: new Date(2),
    };
    const idea = toIdea(doc);
    expect(idea).toMatchObject({ id: 'r', course: { issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'x' }, language: 'fr', voteCount: 2 });
    expect('mergedInto' in idea || 'declineReason' in idea || 'hiddenReason' in idea).toBe(false);
  });

  it('declares the unique indexes that keep one vote and one answer per person, and a course-prefixed text index per language', () => {
    const unique = (indexes: ReturnType<typeof IdeaModel.schema.indexes>) => indexes.filter(([, o]) => o.unique).map(([fields]) => Object.keys(fields));
    expect(unique(VoteModel.schema.indexes())).toContainEqual(['ideaId', 'voterId']);
    expect(unique(AnswerModel.schema.indexes())).toContainEqual(['pollId', 'userId']);
    const text = IdeaModel.schema.indexes().find(([, o]) => o.name === 'lv_cg_idea_text')!;
    expect(Object.keys(text[0]).slice(0, 4)).toEqual(['issuer', 'clientId', 'deploymentId', 'contextId']);
    expect(text[1].language_override).toBe('textLanguage');
  });
});
