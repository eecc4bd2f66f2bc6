/**
 * The data-protection contract (ports/user-data.ts and data-protection/erase-user.ts): every adapter
 * must pass it unchanged. One learner of platform A writes everywhere the tool keeps something about
 * a person; a second learner of A and the same `sub` on platform B write alongside. The export lists
 * exactly the first learner's records; the erasure leaves nothing that names them, keeps summaries and
 * counters equal to their recount, leaves the others untouched, and logs itself without their data.
 */
import type { ContextKey, PlatformKey } from '../../src/context/tenant';
import { eraseUser } from '../../src/data-protection/erase-user';
import { exportCounts, exportUser, isEmptyExport } from '../../src/data-protection/export-user';
import { visitorOf } from '../../src/catalogue/visitor';
import type { LaunchContext } from '../../src/context/launch-context';
import type { Storage } from '../../src/storage/port';
import type { Participant } from '../../src/storage/ports/consultations';
import type { ItemKey, Rating } from '../../src/storage/ports/reviews';
import type { UserKey } from '../../src/storage/ports/user-data';

const A: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-1' };
const B: PlatformKey = { issuer: 'https://lms-b.example', clientId: 'client-1' };
const C1: ContextKey = { ...A, deploymentId: 'dep-1', contextId: 'course-1' };
const C2: ContextKey = { ...A, deploymentId: 'dep-1', contextId: 'course-2' };
const CB: ContextKey = { ...B, deploymentId: 'dep-1', contextId: 'course-1' };
const SUB = 'sub-1';
const ERASED: UserKey = { ...A, userId: SUB };
const SAME_SUB_ELSEWHERE: UserKey = { ...B, userId: SUB };
const OTHER: UserKey = { ...A, userId: 'sub-2' };
const SECRET = 'contract-suite-visitor-secret-0123456789';
const T0 = new Date('2030-06-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const item = (course: ContextKey, itemId = 'course'): ItemKey => ({ ...course, itemId });
const person = (userId: string, role: 'learner' | 'instructor' = 'learner'): Participant => ({ id: userId, name: `Name of ${userId}`, role });

function context(course: ContextKey, userId: string): LaunchContext {
  return {
    link: { ...course, resourceLinkId: 'link-1' },
    messageType: 'LtiResourceLinkRequest',
    userId,
    userName: `Name of ${userId}`,
    email: `${userId}@example.org`,
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    role: 'learner',
    locale: 'en',
    contextTitle: 'Course',
    panel: 'reviews',
    services: { gradeScopes: [] },
    custom: {},
  };
}

async function review(storage: Storage, key: ItemKey, userId: string, rating: Rating, minutes: number) {
  const { review: saved } = await storage.reviews.saveReview(
    { item: key, author: { id: userId, name: `Name of ${userId}` }, rating, aspects: { content: rating }, title: `By ${userId}`, liked: 'liked', improve: 'improve', status: 'published', holdReasons: [], verified: true },
    at(minutes),
  );
  return saved;
}

/** Everything a person can leave, for `userId` in `course`, plus what they do to `other`'s records. */
async function seedPerson(storage: Storage, course: ContextKey, userId: string, others: { reviewId: string; ideaId: string }) {
  await storage.members.recordLaunch(course, userId, `Name of ${userId}`, 'learner', at(0));
  await storage.sessions.createSession({ id: `session-${encodeURIComponent(course.issuer)}-${course.contextId}-${userId}`, context: context(course, userId), csrfSecret: 'csrf', createdAt: at(0), expiresAt: at(600) });
  const own = await review(storage, item(course), userId, 2, 1);
  await storage.reviews.setHelpful(course, others.reviewId, userId, true);
  await storage.reviews.report(course, others.reviewId, userId, 'spam', at(2));
  const need = await storage.consultations.proposeIdea(course, { kind: 'need', consultationId: null, author: person(userId), creditConsent: true, title: `Need of ${userId}`, description: 'A need', situation: 'At work', language: 'en' }, at(3));
  await storage.consultations.setVote(course, others.ideaId, person(userId), true, at(4));
  await storage.consultations.addComment(course, { target: { type: 'idea', ideaId: others.ideaId }, parentId: null, author: person(userId), body: `Comment of ${userId}` }, at(5));
  const consultation = await storage.consultations.createConsultation(course, { title: 'Consultation', brief: 'Brief', questions: [], status: 'open' }, at(0));
  const poll = await storage.consultations.addPoll(course, consultation.id, { question: 'Which?', kind: 'single', options: ['a', 'b'] }, at(0));
  await storage.consultations.answerPoll(course, poll!.id, person(userId), [1], at(6));
  await storage.consultations.recordVisit(course, userId, at(7));
  await storage.reviewInvites.setInviteState(course, userId, { dismissed: true });
  await storage.gradeOutbox.enqueueScore({ course, userId, reason: 'review', target: { lineItemsUrl: 'https://lms.example/li', scopes: ['s'], resourceLinkId: 'link-1' }, createdAt: at(8), nextAttemptAt: at(8), locale: 'en' });
  await storage.audit.appendAudit({ course, at: at(9), actor: person(userId), action: 'review.edit-hidden', subject: { type: 'review', id: own.id } });
  await storage.catalogue.recordOpen(course, visitorOf(SECRET, course, userId), at(10));
  // ltijs's copy of the launch's id token, as ltijs writes it through the store's plugin.
  await storage.ltiDatabase().plugin.Insert(false, 'idtoken', { iss: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, user: userId, userInfo: { name: `Name of ${userId}` } });
  const contextId = encodeURIComponent(`${course.issuer}${course.clientId}${course.deploymentId}${course.contextId}_link-1_`);
  await storage.ltiDatabase().plugin.Insert(false, 'contexttoken', { contextId, user: userId, lis: { person_sourcedid: `sis-${userId}` } });
  return { own, need, poll: poll! };
}

export function userDataContract(label: string, open: () => Promise<Storage>): void {
  describe(`${label}: data-protection requests`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    /** Another learner of A, whose review and idea the erased person votes on, reports and comments; and the same sub on B. */
    async function seedAll() {
      const otherReview = await review(storage, item(C1), OTHER.userId, 5, 0);
      const otherIdea = await storage.consultations.proposeIdea(C1, { kind: 'need', consultationId: null, author: person(OTHER.userId), creditConsent: true, title: 'Other need', description: 'd', situation: 's', language: 'en' }, at(0));
      const erased = await seedPerson(storage, C1, SUB, { reviewId: otherReview.id, ideaId: otherIdea.id });
      await review(storage, item(C2, 'link-7'), SUB, 4, 1);
      await storage.consultations.setVote(C1, erased.need.id, person(OTHER.userId), true, at(11));
      // A staff action by the person in C2: a response, a corrective action and a course version.
      const c2Review = await review(storage, item(C2), OTHER.userId, 3, 2);
      await storage.responses.respond(C2, c2Review.id, { text: 'Thanks', by: { id: SUB, name: `Name of ${SUB}`, role: 'instructor' }, at: at(12) });
      await storage.actions.createAction({ course: C2, description: 'Fix it', status: 'planned', reviewIds: [c2Review.id], createdBy: { id: SUB, name: `Name of ${SUB}` }, createdAt: at(13) });
      await storage.courseVersions.createVersion({ course: C2, label: 'v2', startsOn: '2030-07-01', createdAt: at(14), createdBy: { id: SUB, name: `Name of ${SUB}` } });
      // The same sub on platform B: another person.
      const bReview = await review(storage, item(CB), 'sub-9', 3, 0);
      const bIdea = await storage.consultations.proposeIdea(CB, { kind: 'need', consultationId: null, author: person('sub-9'), creditConsent: false, title: 'B need', description: 'd', situation: 's', language: 'en' }, at(0));
      await seedPerson(storage, CB, SUB, { reviewId: bReview.id, ideaId: bIdea.id });
      return { otherReview, otherIdea, erased, c2Review };
    }

    it('exports every kind of record about the person, and nothing of anyone else or of the same sub elsewhere', async () => {
      const { erased, otherReview, otherIdea, c2Review } = await seedAll();
      const data = await exportUser(storage, ERASED, { visitorSecret: SECRET, now: T0 });
      expect(exportCounts(data)).toEqual({
        courses: 1,
        reviews: 2,
        helpfulVotes: 1,
        reports: 1,
        responses: 1,
        ideas: 1,
        ideaVotes: 1,
        comments: 1,
        pollAnswers: 1,
        consultationVisits: 1,
        reviewInvites: 1,
        pendingScores: 1,
        correctiveActions: 1,
        courseVersions: 1,
        sessions: 1,
        auditEntries: 1,
        catalogueVisits: 1,
        launchTokens: 2,
        // Contributions have their own test (contribution-data-protection.test.ts); none seeded here.
        contributions: 0,
        contributionUsefulMarks: 0,
        contributionComments: 0,
        contributionReports: 0,
        contributionReusesRecorded: 0,
        contributionFiles: 0,
      });
      expect(data).toMatchObject({ format: 'learner-voice-user-export', version: 1, user: ERASED });
      expect(data.reviews.map((r) => r.item.contextId).sort()).toEqual(['course-1', 'course-2']);
      expect(data.helpfulVotes).toEqual([{ course: C1, reviewId: otherReview.id }]);
      expect(data.reports).toEqual([{ course: C1, reviewId: otherReview.id, reason: 'spam', at: at(2) }]);
      expect(data.responses).toEqual([{ course: C2, reviewId: c2Review.id, text: 'Thanks', at: at(12) }]);
      expect(data.ideas[0]).toMatchObject({ id: erased.need.id, author: { id: SUB }, title: `Need of ${SUB}` });
      expect(data.ideaVotes).toEqual([{ course: C1, ideaId: otherIdea.id, votedAt: at(4) }]);
      expect(data.comments[0]).toMatchObject({ body: `Comment of ${SUB}`, target: { type: 'idea', ideaId: otherIdea.id } });
      expect(data.pollAnswers).toEqual([{ course: C1, pollId: erased.poll.id, question: 'Which?', choices: [1], answeredAt: at(6) }]);
      expect(data.sessions[0]).toMatchObject({ context: { userId: SUB, email: `${SUB}@example.org`, link: { ...C1 } } });
      expect(data.courses[0]).toMatchObject({ course: C1, userId: SUB, launchCount: 1 });
      expect(data.catalogueVisits).toEqual([{ course: C1, openedAt: at(10) }]);
      expect(data.launchTokens).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ collection: 'idtoken', iss: A.issuer, clientId: A.clientId, user: SUB, userInfo: { name: `Name of ${SUB}` } }),
          expect.objectContaining({ collection: 'contexttoken', user: SUB, lis: { person_sourcedid: `sis-${SUB}` } }),
        ]),
      );
      expect(JSON.stringify(data)).not.toContain('session-');
      expect(JSON.stringify(data)).not.toContain('"csrf"');
      // The same sub on B: B's records only.
      const elsewhere = await exportUser(storage, SAME_SUB_ELSEWHERE, { visitorSecret: SECRET, now: T0 });
      expect(elsewhere.reviews.map((r) => r.item)).toEqual([item(CB)]);
      expect(elsewhere.ideas.map((i) => i.course)).toEqual([CB]);
      expect(elsewhere.launchTokens.map((t) => [t.collection, t.iss ?? decodeURIComponent(String(t.contextId)).slice(0, B.issuer.length)])).toEqual(
        expect.arrayContaining([['idtoken', B.issuer], ['contexttoken', B.issuer]]),
      );
      expect(elsewhere.launchTokens).toHaveLength(2);
    });

    it('erases: summaries and counters equal their recount, nothing names the person, the others and the same sub elsewhere are untouched', async () => {
      const { erased, otherReview, otherIdea, c2Review } = await seedAll();
      const elsewhereBefore = await exportUser(storage, SAME_SUB_ELSEWHERE, { visitorSecret: SECRET, now: T0 });
      const otherBefore = await exportUser(storage, OTHER, { visitorSecret: SECRET, now: T0 });
      expect(await storage.reviews.findReview(C1, otherReview.id)).toMatchObject({ helpfulCount: 1, reportCount: 1 });

      const outcome = await eraseUser(storage, ERASED, { visitorSecret: SECRET, now: at(100), reference: 'ref-0001-erasure' });
      expect(outcome.courses.map((c) => c.course.contextId).sort()).toEqual(['course-1', 'course-2']);
      const c1 = outcome.courses.find((c) => c.course.contextId === 'course-1')!;
      expect(c1.counts).toMatchObject({ reviews: 1, helpfulVotes: 1, reports: 1, ideasAnonymised: 1, ideaVotes: 1, commentsAnonymised: 1, pollAnswers: 1 });

      // Nothing left that names the person.
      const after = await exportUser(storage, ERASED, { visitorSecret: SECRET, now: T0 });
      expect(isEmptyExport(after)).toBe(true);

      // Summaries: C1 keeps only the other learner's 5 stars; C2's link lost the person's review.
      expect((await storage.reviews.summary(item(C1), at(100))).overall).toEqual({ count: 1, sum: 5, histogram: [0, 0, 0, 0, 1] });
      expect(await storage.reviews.countReviewers(item(C1))).toBe(1);
      expect((await storage.reviews.summary(item(C2, 'link-7'), at(100))).overall).toEqual({ count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });
      expect((await storage.reviews.versionSummaries(item(C1))).get('initial')).toMatchObject({ count: 1, sum: 5 });
      expect(await storage.reviews.findReview(C1, erased.own.id)).toBeNull();
      // Counters the person fed, recounted.
      expect(await storage.reviews.findReview(C1, otherReview.id)).toMatchObject({ helpfulCount: 0, reportCount: 0 });
      expect(await storage.consultations.findIdea(C1, otherIdea.id)).toMatchObject({ voteCount: 0 });
      expect(await storage.consultations.pollResults(C1, erased.poll.id)).toEqual({ respondents: 0, counts: [0, 0] });
      // Kept without them: their need (others voted for it) and their comment, the response, the action, the version.
      const need = await storage.consultations.findIdea(C1, erased.need.id);
      expect(need).toMatchObject({ title: `Need of ${SUB}`, voteCount: 1, creditConsent: false, author: { id: 'erased:ref-0001-erasure', name: '' } });
      const [comment] = await storage.consultations.listComments(C1, { type: 'idea', ideaId: otherIdea.id });
      expect(comment).toMatchObject({ body: `Comment of ${SUB}`, author: { id: 'erased:ref-0001-erasure', name: '' } });
      expect((await storage.reviews.findReview(C2, c2Review.id))?.response).toMatchObject({ text: 'Thanks', by: { id: 'erased:ref-0001-erasure', name: '' } });
      expect((await storage.actions.listActions(C2, 10))[0].createdBy).toEqual({ id: 'erased:ref-0001-erasure', name: '' });
      expect((await storage.courseVersions.listVersions(C2)).find((v) => v.label === 'v2')?.createdBy).toEqual({ id: 'erased:ref-0001-erasure', name: '' });
      // Presence and state gone.
      expect(await storage.members.findMember(C1, SUB)).toBeNull();
      expect(await storage.sessions.findSession(`session-${encodeURIComponent(C1.issuer)}-${C1.contextId}-${SUB}`, at(1))).toBeNull();
      expect(await storage.reviewInvites.inviteState(C1, SUB)).toBeNull();
      expect(await storage.gradeOutbox.pendingScores(C1)).toEqual([]);
      expect((await storage.catalogue.buyIn(C1)).opened).toBe(0);

      // The audit log: one entry per course, the reference and counts only.
      const log = (await storage.audit.listAudit(C1, { limit: 50 })).items;
      const entry = log.find((e) => e.action === 'user.erase')!;
      expect(entry).toMatchObject({ at: at(100), subject: { type: 'erasure', id: 'ref-0001-erasure' }, systemReason: { code: 'user.erased', params: { reference: 'ref-0001-erasure', reviews: '1', reports: '1' } } });
      expect(JSON.stringify(log)).not.toContain(SUB);
      expect(JSON.stringify(log)).not.toContain(`Name of ${SUB}`);
      expect((await storage.audit.listAudit(C2, { limit: 50 })).items.filter((e) => e.action === 'user.erase')).toHaveLength(1);

      // Others untouched (but for the vote, report, comment and response the person had given them).
      const otherAfter = await exportUser(storage, OTHER, { visitorSecret: SECRET, now: T0 });
      expect(otherAfter.reviews.map((r) => ({ ...r, helpfulCount: 0, reportCount: 0, updatedAt: null, response: null }))).toEqual(
        otherBefore.reviews.map((r) => ({ ...r, helpfulCount: 0, reportCount: 0, updatedAt: null, response: null })),
      );
      expect(otherAfter.ideas.map((i) => ({ ...i, voteCount: 0, commentCount: 0, lastActivityAt: null }))).toEqual(
        otherBefore.ideas.map((i) => ({ ...i, voteCount: 0, commentCount: 0, lastActivityAt: null })),
      );
      expect(otherAfter.ideaVotes).toEqual(otherBefore.ideaVotes);
      // The same sub on platform B: exactly as before.
      expect(await exportUser(storage, SAME_SUB_ELSEWHERE, { visitorSecret: SECRET, now: T0 })).toEqual(elsewhereBefore);

      // Again: nothing left, no second entry.
      expect((await eraseUser(storage, ERASED, { visitorSecret: SECRET, now: at(200) })).courses).toEqual([]);
      expect((await storage.audit.listAudit(C1, { limit: 50 })).items.filter((e) => e.action === 'user.erase')).toHaveLength(1);
    });

    it('refuses a person or a reference that could match something else', async () => {
      const request = { at: T0, reference: 'ref-0001-erasure', reviewsDeleted: [] };
      await expect(storage.userData.eraseUser({ ...A, userId: '' }, request)).rejects.toThrow(TypeError);
      await expect(storage.userData.eraseUser({ ...A, userId: { $ne: null } as unknown as string }, request)).rejects.toThrow(TypeError);
      await expect(storage.userData.eraseUser(ERASED, { ...request, reference: 'x' })).rejects.toThrow(RangeError);
      await expect(storage.userData.exportUser({ ...A, userId: { $gt: '' } as unknown as string })).rejects.toThrow(TypeError);
    });
  });
}
