/**
 * The contract of ReviewStore.renameAuthor: a name that becomes known after a nameless launch reaches
 * every review of that author in the course, and nothing else. Run unchanged on every adapter (see
 * memory/sqlite/mongo.test.ts); the generation side is in generations-contract.ts.
 */
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { ItemKey, ReviewWrite } from '../../src/storage/ports/reviews';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const OTHER_COURSE: ContextKey = { ...COURSE, contextId: 'course-202' };
const T0 = new Date('2030-03-01T10:00:00.000Z');

function write(item: ItemKey, authorId: string, name = ''): ReviewWrite {
  return { item, author: { id: authorId, name }, rating: 4, aspects: {}, title: '', liked: 'Liked', improve: '', status: 'published', holdReasons: [], verified: true };
}

export function authorNamesContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: review author names`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    const nameOf = async (item: ItemKey, authorId: string) => (await storage.reviews.findReviewByAuthor(item, authorId))?.author;

    it('when a nameless author later launches with a name, then every review of theirs in the course takes it, and only theirs', async () => {
      const course = { ...COURSE, itemId: 'course' };
      const activity = { ...COURSE, itemId: 'activity-7' };
      const elsewhere = { ...OTHER_COURSE, itemId: 'course' };
      await storage.reviews.saveReview(write(course, '6'), T0);
      await storage.reviews.saveReview(write(activity, '6'), T0);
      await storage.reviews.saveReview(write(elsewhere, '6'), T0);
      await storage.reviews.saveReview(write(course, '7', 'Ada Lovelace'), T0);

      const changed = await storage.reviews.renameAuthor(COURSE, { id: '6', name: 'Sam Student', givenName: 'Sam', familyName: 'Student' });

      expect(changed).toBe(2);
      expect(await nameOf(course, '6')).toEqual({ id: '6', name: 'Sam Student', givenName: 'Sam', familyName: 'Student' });
      expect((await nameOf(activity, '6'))?.name).toBe('Sam Student');
      expect((await nameOf(elsewhere, '6'))?.name).toBe('');
      expect((await nameOf(course, '7'))?.name).toBe('Ada Lovelace');
      // The pseudonym number does not change with the name.
      expect((await storage.reviews.findReviewByAuthor(course, '6'))?.authorNumber).toBe(1);
    });

    it('when a nameless participant later launches with a name, then their ideas and comments in the course take it, and only theirs', async () => {
      const nameless = { id: '6', name: '', role: 'learner' as const };
      const idea = (course: ContextKey, author = nameless) =>
        storage.consultations.proposeIdea(course, { kind: 'idea', consultationId: null, author, creditConsent: true, title: 'Shorter videos', description: 'Please', situation: '', language: 'en' }, T0);
      const mine = await idea(COURSE);
      const elsewhere = await idea(OTHER_COURSE);
      const other = await idea(COURSE, { id: '7', name: 'Ada Lovelace', role: 'learner' });
      await storage.consultations.addComment(COURSE, { target: { type: 'idea', ideaId: other.id }, parentId: null, author: nameless, body: 'Yes' }, T0);

      expect(await storage.consultations.renameParticipant(COURSE, { id: '6', name: 'Sam Student' })).toBe(2);
      expect((await storage.consultations.findIdea(COURSE, mine.id))?.author.name).toBe('Sam Student');
      expect((await storage.consultations.listComments(COURSE, { type: 'idea', ideaId: other.id })).map((c) => c.author.name)).toEqual(['Sam Student']);
      expect((await storage.consultations.findIdea(OTHER_COURSE, elsewhere.id))?.author.name).toBe('');
      expect((await storage.consultations.findIdea(COURSE, other.id))?.author.name).toBe('Ada Lovelace');
      expect(await storage.consultations.renameParticipant(COURSE, { id: '6', name: 'Sam Student' })).toBe(0);
    });

    it('when the author already shows that name, or has no review, then nothing changes', async () => {
      await storage.reviews.saveReview(write({ ...COURSE, itemId: 'course' }, '6', 'Sam Student'), T0);
      expect(await storage.reviews.renameAuthor(COURSE, { id: '6', name: 'Sam Student' })).toBe(0);
      expect(await storage.reviews.renameAuthor(COURSE, { id: 'nobody', name: 'Someone' })).toBe(0);
    });
  });
}
