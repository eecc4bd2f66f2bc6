/**
 * MongoDB's similar ideas without a server: $text only fetches candidates (its English and French
 * stemmers are not ours), then the rule shared with SQLite and the memory fake decides, so an idea
 * sharing a single term with the typed title is dropped on MongoDB too.
 */
import type { IdeaDoc } from '../../src/storage/mongo/consultation-models';
import { IdeaModel } from '../../src/storage/mongo/consultation-models';
import { mongoIdeaPart } from '../../src/storage/mongo/idea-store';
import { SIMILAR_CANDIDATES } from '../../src/storage/consultations/similar-ideas';

const COURSE = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'x' };

function ideaDoc(recordId: string, title: string, voteCount = 0): IdeaDoc {
  return {
    ...COURSE, recordId, kind: 'need', consultationId: null as unknown as string, authorId: 'u', authorName: 'Ann', authorRole: 'learner',
    creditConsent: false, title, description: '', situation: '', locale: 'en', textLanguage: 'english', status: 'new', hidden: false,
    voteCount, commentCount: 0, createdAt: new Date(1), lastActivityAt: new Date(1),
  };
}

afterEach(() => jest.restoreAllMocks());

it('keeps only the $text candidates the shared rule calls similar, closest first, and fetches more candidates than it shows', async () => {
  // What $text would answer for "Drop the final exam": every idea sharing a stem, best textScore first.
  const candidates = [ideaDoc('1', 'Practice quizzes before the exam', 9), ideaDoc('2', 'Remove the final exam'), ideaDoc('3', 'Final project in pairs')];
  const limit = jest.fn();
  const chain = { sort: () => chain, limit: (n: number) => (limit(n), chain), lean: () => chain, exec: async () => candidates };
  const find = jest.spyOn(IdeaModel, 'find').mockReturnValue(chain as unknown as ReturnType<typeof IdeaModel.find>);

  const found = await mongoIdeaPart().similarIdeas(COURSE, { kind: 'need', text: 'Drop the final exam', language: 'en', limit: 5 });

  expect(found.map((i) => i.title)).toEqual(['Remove the final exam']);
  expect(limit).toHaveBeenCalledWith(SIMILAR_CANDIDATES);
  expect((find.mock.calls[0] as unknown[])[0]).toMatchObject({ $text: { $search: 'Drop the final exam', $language: 'english' } });
});
