/**
 * The consumer-group storage contract: every adapter's ConsultationStore must pass it unchanged.
 * Usage, in an adapter's test file: consultationsContract('sqlite', async () => openSqliteStorage(...)).
 */
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { ConsultationStore, ConsultationWrite, IdeaWrite, Participant } from '../../src/storage/ports/consultations';
import { buildAudit } from '../support/audit';
import type { AuditAction } from '../../src/storage/ports/audit';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
/** Another LMS that happens to use the same client, deployment and context ids. */
const OTHER_PLATFORM: ContextKey = { ...COURSE, issuer: 'https://lms-b.example' };
const OTHER_COURSE: ContextKey = { ...COURSE, contextId: 'course-202' };

const T0 = new Date('2030-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const learner = (n: number): Participant => ({ id: `learner-${n}`, name: `Learner ${n}`, role: 'learner' });
const TEACHER: Participant = { id: 'teacher-1', name: 'Terry Teacher', role: 'instructor' };

function consultationInput(overrides: Partial<ConsultationWrite> = {}): ConsultationWrite {
  return { title: 'Redesign of Excel basics', brief: 'What should the new course cover?', questions: ['What slows you down?'], status: 'open', ...overrides };
}

function ideaInput(consultationId: string | null, overrides: Partial<IdeaWrite> = {}): IdeaWrite {
  return {
    kind: consultationId === null ? 'need' : 'idea',
    consultationId,
    author: learner(1),
    creditConsent: false,
    title: 'Short videos on pivot tables',
    description: 'Five minutes each, with an exercise file.',
    situation: '',
    language: 'en',
    ...overrides,
  };
}

export function consultationsContract(label: string, open: () => Promise<Storage>): void {
  describe(`${label}: consultations`, () => {
    let storage: Storage;
    let store: ConsultationStore;

    beforeEach(async () => {
      storage = await open();
      store = storage.consultations;
    });
    afterEach(async () => {
      await storage.close();
    });

    const newConsultation = (course = COURSE, overrides: Partial<ConsultationWrite> = {}) => store.createConsultation(course, consultationInput(overrides), T0);

    describe('consultations', () => {
      it('finds a created consultation with every field, and updates it without touching its outline', async () => {
        const created = await newConsultation(COURSE, { opensOn: '2030-03-01', closesOn: '2030-04-01', status: 'draft' });
        expect(await store.findConsultation(COURSE, created.id)).toEqual(created);
        expect(created).toMatchObject({ course: COURSE, status: 'draft', opensOn: '2030-03-01', closesOn: '2030-04-01', outline: [] });
        const section = await store.addSection(COURSE, created.id, { title: 'Module 1', text: 'Formulas' }, at(1));
        const updated = await store.updateConsultation(COURSE, created.id, consultationInput({ title: 'Renamed', status: 'closed' }), at(2));
        expect(updated).toMatchObject({ title: 'Renamed', status: 'closed', outline: [section], updatedAt: at(2), createdAt: T0 });
        expect(updated?.opensOn).toBeUndefined();
      });

      it('keeps outline sections in order and edits one in place', async () => {
        const c = await newConsultation();
        const one = await store.addSection(COURSE, c.id, { title: 'One', text: 'a' }, at(1));
        const two = await store.addSection(COURSE, c.id, { title: 'Two', text: 'b' }, at(2));
        await store.updateSection(COURSE, c.id, { id: one!.id, title: 'One, edited', text: 'a2' }, at(3));
        expect((await store.findConsultation(COURSE, c.id))?.outline).toEqual([{ id: one!.id, title: 'One, edited', text: 'a2' }, two]);
        expect(await store.updateSection(COURSE, c.id, { id: 'no-such-section', title: 'x', text: 'y' }, at(4))).toBeNull();
      });

      it('lists only the asked statuses, newest first, in cursor pages that skip and repeat nothing', async () => {
        const made = [];
        for (let i = 0; i < 5; i++) made.push(await store.createConsultation(COURSE, consultationInput({ title: `C${i}`, status: i === 2 ? 'draft' : 'open' }), at(i)));
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listConsultations(COURSE, ['open', 'closed'], { cursor, limit: 2 });
          seen.push(...page.items.map((c) => c.title));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toEqual(['C4', 'C3', 'C1', 'C0']);
      });

      it('the same context id on another platform, or another course, sees nothing of it', async () => {
        const c = await newConsultation();
        for (const elsewhere of [OTHER_PLATFORM, OTHER_COURSE]) {
          expect(await store.findConsultation(elsewhere, c.id)).toBeNull();
          expect((await store.listConsultations(elsewhere, ['draft', 'open', 'closed'], { limit: 10 })).items).toEqual([]);
          expect(await store.updateConsultation(elsewhere, c.id, consultationInput({ title: 'Hijacked' }), at(1))).toBeNull();
          expect(await store.addSection(elsewhere, c.id, { title: 'x', text: 'y' }, at(1))).toBeNull();
          expect(await store.addPoll(elsewhere, c.id, { question: 'q', kind: 'scale', options: [] }, at(1))).toBeNull();
          await expect(store.proposeIdea(elsewhere, ideaInput(c.id), at(1))).rejects.toThrow();
        }
        expect((await store.findConsultation(COURSE, c.id))?.title).toBe('Redesign of Excel basics');
      });
    });

    describe('polls', () => {
      it('counts one answer per person (a second answer replaces the first) and shows the person their answer', async () => {
        const c = await newConsultation();
        const poll = await store.addPoll(COURSE, c.id, { question: 'Format?', kind: 'multiple', options: ['Video', 'Text', 'Live'] }, at(1));
        await store.answerPoll(COURSE, poll!.id, learner(1), [0, 2], at(2));
        await store.answerPoll(COURSE, poll!.id, learner(2), [0], at(2));
        await store.answerPoll(COURSE, poll!.id, learner(2), [1], at(3));
        expect(await store.pollResults(COURSE, poll!.id)).toEqual({ respondents: 2, counts: [1, 1, 1] });
        expect(await store.answersBy(COURSE, 'learner-1', [poll!.id])).toEqual(new Map([[poll!.id, [0, 2]]]));
        expect(await store.listPolls(COURSE, c.id)).toEqual([poll]);
      });

      it('a scale poll has five points, and another course can neither answer nor read it', async () => {
        const c = await newConsultation();
        const poll = await store.addPoll(COURSE, c.id, { question: 'How useful?', kind: 'scale', options: [] }, at(1));
        await store.answerPoll(COURSE, poll!.id, learner(1), [4], at(2));
        expect(await store.answerPoll(OTHER_PLATFORM, poll!.id, learner(9), [0], at(2))).toBe(false);
        expect(await store.pollResults(OTHER_PLATFORM, poll!.id)).toBeNull();
        expect(await store.listPolls(OTHER_PLATFORM, c.id)).toEqual([]);
        expect(await store.pollResults(COURSE, poll!.id)).toEqual({ respondents: 1, counts: [0, 0, 0, 0, 1] });
      });
    });

    describe('ideas and votes', () => {
      it('a proposed idea starts new, with no votes, and is found only in its course', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id, { creditConsent: true }), at(1));
        expect(idea).toMatchObject({ status: 'new', voteCount: 0, commentCount: 0, hidden: false, creditConsent: true, createdAt: at(1), lastActivityAt: at(1) });
        expect(await store.findIdea(COURSE, idea.id)).toEqual(idea);
        expect(await store.findIdea(OTHER_PLATFORM, idea.id)).toBeNull();
        expect(await store.setVote(OTHER_PLATFORM, idea.id, learner(2), true, at(2))).toBeNull();
        expect((await store.findIdea(COURSE, idea.id))?.voteCount).toBe(0);
      });

      it('one vote per person, idempotent, and withdrawable', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        expect(await store.setVote(COURSE, idea.id, learner(2), true, at(2))).toBe(1);
        expect(await store.setVote(COURSE, idea.id, learner(2), true, at(3))).toBe(1);
        expect(await store.setVote(COURSE, idea.id, learner(3), true, at(3))).toBe(2);
        expect(await store.votesBy(COURSE, 'learner-2', [idea.id])).toEqual(new Set([idea.id]));
        expect(await store.setVote(COURSE, idea.id, learner(2), false, at(4))).toBe(1);
        expect(await store.setVote(COURSE, idea.id, learner(2), false, at(4))).toBe(1);
        expect(await store.votesBy(COURSE, 'learner-2', [idea.id])).toEqual(new Set());
        expect((await store.findIdea(COURSE, idea.id))?.lastActivityAt).toEqual(at(4));
      });

      it('keeps the vote count exact when 50 learners vote at once, and when they all withdraw at once', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const voters = Array.from({ length: 50 }, (_, i) => learner(i + 10));
        await Promise.all(voters.flatMap((v) => [store.setVote(COURSE, idea.id, v, true, at(2)), store.setVote(COURSE, idea.id, v, true, at(2))]));
        expect((await store.findIdea(COURSE, idea.id))?.voteCount).toBe(50);
        await Promise.all(voters.slice(0, 20).map((v) => store.setVote(COURSE, idea.id, v, false, at(3))));
        expect((await store.findIdea(COURSE, idea.id))?.voteCount).toBe(30);
      });

      it('lists ideas by most votes, newest or recently active, in cursor pages; hidden ones only when asked', async () => {
        const c = await newConsultation();
        const a = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'A' }), at(1));
        const b = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'B' }), at(2));
        const d = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'D' }), at(3));
        const hidden = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'H' }), at(4));
        await store.setIdeaHidden(COURSE, hidden.id, true, 'Off topic', buildAudit(COURSE, { action: 'idea.hide' }));
        await store.setVote(COURSE, a.id, learner(2), true, at(5));
        await store.setVote(COURSE, a.id, learner(3), true, at(5));
        await store.setVote(COURSE, b.id, learner(2), true, at(6));
        await store.proposeIdea(COURSE, ideaInput(null, { title: 'A need' }), at(7));
        const titles = async (sort: 'votes' | 'newest' | 'active', includeHidden = false) => {
          const out: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listIdeas(COURSE, { kind: 'idea', consultationId: c.id, sort, includeHidden, cursor, limit: 1 });
            out.push(...page.items.map((i) => i.title));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return out;
        };
        expect(await titles('votes')).toEqual(['A', 'B', 'D']);
        expect(await titles('newest')).toEqual(['D', 'B', 'A']);
        expect(await titles('active')).toEqual(['B', 'A', 'D']);
        expect(await titles('newest', true)).toEqual(['H', 'D', 'B', 'A']);
        expect((await store.listIdeas(COURSE, { kind: 'need', sort: 'votes', includeHidden: false, limit: 10 })).items.map((i) => i.title)).toEqual(['A need']);
        expect((await store.listIdeas(OTHER_PLATFORM, { kind: 'idea', consultationId: c.id, sort: 'votes', includeHidden: true, limit: 10 })).items).toEqual([]);
        expect(d.id).toBeDefined();
      });

      it('changes an idea status with a public reason, and hides and restores it', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        expect(await store.setIdeaStatus(COURSE, idea.id, 'declined', 'Out of scope', at(2))).toMatchObject({ status: 'declined', declineReason: 'Out of scope', statusChangedAt: at(2) });
        const adopted = await store.setIdeaStatus(COURSE, idea.id, 'adopted', undefined, at(3));
        expect(adopted?.declineReason).toBeUndefined();
        expect(await store.setIdeaHidden(COURSE, idea.id, true, 'Personal data', buildAudit(COURSE, { action: 'idea.hide' }))).toMatchObject({ hidden: true, hiddenReason: 'Personal data' });
        const restored = await store.setIdeaHidden(COURSE, idea.id, false, undefined, buildAudit(COURSE, { action: 'idea.restore' }));
        expect(restored?.hidden).toBe(false);
        expect(restored?.hiddenReason).toBeUndefined();
        expect(await store.setIdeaStatus(OTHER_COURSE, idea.id, 'planned', undefined, at(4))).toBeNull();
        expect(await store.setIdeaHidden(OTHER_PLATFORM, idea.id, true, 'x', buildAudit(OTHER_PLATFORM, { action: 'idea.hide' }))).toBeNull();
      });
    });
    describe('merging', () => {
      it('moves votes and comments to the target, counting a voter of both once', async () => {
        const c = await newConsultation();
        const source = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Pivot videos' }), at(1));
        const target = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Pivot table videos' }), at(2));
        for (const n of [1, 2, 3]) await store.setVote(COURSE, source.id, learner(n), true, at(3));
        for (const n of [3, 4]) await store.setVote(COURSE, target.id, learner(n), true, at(3));
        const comment = await store.addComment(COURSE, { target: { type: 'idea', ideaId: source.id }, parentId: null, author: learner(5), body: 'Yes!' }, at(4));
        await store.addComment(COURSE, { target: { type: 'idea', ideaId: source.id }, parentId: comment!.id, author: learner(6), body: 'Agreed' }, at(5));

        const merged = await store.mergeIdeas(COURSE, source.id, target.id, at(6), buildAudit(COURSE, { action: 'idea.merge' }));
        expect(merged).toMatchObject({ id: target.id, voteCount: 4, commentCount: 2, lastActivityAt: at(6) });
        expect(await store.findIdea(COURSE, source.id)).toMatchObject({ mergedInto: target.id, voteCount: 0, commentCount: 0 });
        expect(await store.votesBy(COURSE, 'learner-1', [source.id, target.id])).toEqual(new Set([target.id]));
        const moved = await store.listComments(COURSE, { type: 'idea', ideaId: target.id });
        expect(moved.map((m) => [m.body, m.parentId])).toEqual([['Yes!', null], ['Agreed', comment!.id]]);
        expect(await store.listComments(COURSE, { type: 'idea', ideaId: source.id })).toEqual([]);
        // A merged idea takes no more votes and is no longer listed.
        expect(await store.setVote(COURSE, source.id, learner(7), true, at(7))).toBeNull();
        const listed = await store.listIdeas(COURSE, { kind: 'idea', consultationId: c.id, sort: 'votes', includeHidden: true, limit: 10 });
        expect(listed.items.map((i) => i.id)).toEqual([target.id]);
      });

      it('stays exact when votes race a merge', async () => {
        const c = await newConsultation();
        const source = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const target = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const voters = Array.from({ length: 30 }, (_, i) => learner(i));
        await Promise.all([
          ...voters.map((v, i) => store.setVote(COURSE, i % 2 ? source.id : target.id, v, true, at(2))),
          ...voters.map((v) => store.setVote(COURSE, target.id, v, true, at(2))),
          store.mergeIdeas(COURSE, source.id, target.id, at(3), buildAudit(COURSE, { action: 'idea.merge' })),
        ]);
        const final = await store.findIdea(COURSE, target.id);
        const voted = await Promise.all(voters.map((v) => store.votesBy(COURSE, v.id, [target.id])));
        expect(final?.voteCount).toBe(voted.filter((s) => s.size === 1).length);
        expect(final?.voteCount).toBe(30);
      });

      it('refuses to merge an idea into itself, across consultations, across kinds or across courses', async () => {
        const c1 = await newConsultation();
        const c2 = await newConsultation();
        const a = await store.proposeIdea(COURSE, ideaInput(c1.id), at(1));
        const b = await store.proposeIdea(COURSE, ideaInput(c2.id), at(1));
        const need = await store.proposeIdea(COURSE, ideaInput(null), at(1));
        const elsewhere = await store.proposeIdea(OTHER_PLATFORM, ideaInput((await newConsultation(OTHER_PLATFORM)).id), at(1));
        expect(await store.mergeIdeas(COURSE, a.id, a.id, at(2), buildAudit(COURSE, { action: 'idea.merge' }))).toBeNull();
        expect(await store.mergeIdeas(COURSE, a.id, b.id, at(2), buildAudit(COURSE, { action: 'idea.merge' }))).toBeNull();
        expect(await store.mergeIdeas(COURSE, need.id, a.id, at(2), buildAudit(COURSE, { action: 'idea.merge' }))).toBeNull();
        expect(await store.mergeIdeas(COURSE, a.id, elsewhere.id, at(2), buildAudit(COURSE, { action: 'idea.merge' }))).toBeNull();
        expect(await store.mergeIdeas(OTHER_PLATFORM, a.id, elsewhere.id, at(2), buildAudit(OTHER_PLATFORM, { action: 'idea.merge' }))).toBeNull();
        expect((await store.findIdea(COURSE, a.id))?.mergedInto).toBeUndefined();
      });
    });

    describe('comments', () => {
      it('threads replies one level deep on ideas and outline sections, and counts visible ones on the idea', async () => {
        const c = await newConsultation();
        const section = await store.addSection(COURSE, c.id, { title: 'Module 1', text: 'Formulas' }, at(1));
        const onSection = { type: 'section' as const, consultationId: c.id, sectionId: section!.id };
        const top = await store.addComment(COURSE, { target: onSection, parentId: null, author: learner(1), body: 'Too short' }, at(2));
        const reply = await store.addComment(COURSE, { target: onSection, parentId: top!.id, author: TEACHER, body: 'We will add a day' }, at(3));
        expect(await store.addComment(COURSE, { target: onSection, parentId: reply!.id, author: learner(2), body: 'Deeper' }, at(4))).toBeNull();
        expect((await store.listComments(COURSE, onSection)).map((x) => x.body)).toEqual(['Too short', 'We will add a day']);
        expect(await store.addComment(COURSE, { target: { ...onSection, sectionId: 'nope' }, parentId: null, author: learner(1), body: 'x' }, at(5))).toBeNull();

        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const onIdea = { type: 'idea' as const, ideaId: idea.id };
        expect(await store.addComment(COURSE, { target: onIdea, parentId: top!.id, author: learner(1), body: 'Wrong thread' }, at(5))).toBeNull();
        const first = await store.addComment(COURSE, { target: onIdea, parentId: null, author: learner(1), body: 'Good' }, at(6));
        expect((await store.findIdea(COURSE, idea.id))?.commentCount).toBe(1);
        expect(await store.setCommentHidden(COURSE, first!.id, true, 'Rude', buildAudit(COURSE, { action: 'comment.hide' }))).toMatchObject({ hidden: true, hiddenReason: 'Rude' });
        expect((await store.findIdea(COURSE, idea.id))?.commentCount).toBe(0);
        expect((await store.listComments(COURSE, onIdea))[0].hidden).toBe(true);
        await store.setCommentHidden(COURSE, first!.id, false, undefined, buildAudit(COURSE, { action: 'comment.restore' }));
        expect((await store.findIdea(COURSE, idea.id))?.commentCount).toBe(1);
        expect(await store.findComment(OTHER_PLATFORM, first!.id)).toBeNull();
        expect(await store.setCommentHidden(OTHER_COURSE, first!.id, true, 'x', buildAudit(OTHER_COURSE, { action: 'comment.hide' }))).toBeNull();
        expect(await store.addComment(OTHER_PLATFORM, { target: onIdea, parentId: null, author: learner(1), body: 'x' }, at(7))).toBeNull();
      });
    });

    describe('moderation and its audit entry, in one transaction', () => {
      const entry = (action: AuditAction, subjectId: string, minutes: number) =>
        buildAudit(COURSE, { action, at: at(minutes), subject: { type: action.split('.')[0], id: subjectId }, reason: `Reason ${minutes}` });
      /** An entry every adapter refuses to write (SQLite CHECK, MongoDB schema enum, the memory store's guard). */
      const refused = (action: AuditAction) => buildAudit(COURSE, { action, actor: { id: 'x', name: 'X', role: 'administrator' as never } });
      const audit = async () => (await storage.audit.listAudit(COURSE, { limit: 50 })).items;

      it('hiding, restoring and merging ideas and hiding a comment keep the change and its entry together', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const other = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Twin' }), at(1));
        const comment = await store.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: learner(1), body: 'Hm' }, at(2));
        await store.setIdeaHidden(COURSE, idea.id, true, 'Personal data', entry('idea.hide', idea.id, 3));
        await store.setIdeaHidden(COURSE, idea.id, false, undefined, entry('idea.restore', idea.id, 4));
        await store.setCommentHidden(COURSE, comment!.id, true, 'Rude', entry('comment.hide', comment!.id, 5));
        await store.mergeIdeas(COURSE, other.id, idea.id, at(6), entry('idea.merge', other.id, 6));
        expect(await audit()).toEqual(
          [entry('idea.merge', other.id, 6), entry('comment.hide', comment!.id, 5), entry('idea.restore', idea.id, 4), entry('idea.hide', idea.id, 3)].map((e) => ({ ...e, id: expect.any(String) })),
        );
        expect(await store.findIdea(COURSE, other.id)).toMatchObject({ mergedInto: idea.id });
        expect((await store.findComment(COURSE, comment!.id))?.hidden).toBe(true);
      });

      it('a change that finds nothing to change writes no entry', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        expect(await store.setIdeaHidden(COURSE, 'no-such-idea', true, 'x', entry('idea.hide', 'no-such-idea', 2))).toBeNull();
        expect(await store.setCommentHidden(COURSE, 'no-such-comment', true, 'x', entry('comment.hide', 'no-such-comment', 2))).toBeNull();
        expect(await store.mergeIdeas(COURSE, idea.id, idea.id, at(2), entry('idea.merge', idea.id, 2))).toBeNull();
        expect(await audit()).toEqual([]);
      });

      it('when the audit write fails, the change is not kept', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        const twin = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Twin' }), at(1));
        await store.setVote(COURSE, twin.id, learner(2), true, at(1));
        const comment = await store.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: learner(1), body: 'Hm' }, at(2));
        const ideaBefore = await store.findIdea(COURSE, idea.id);
        const twinBefore = await store.findIdea(COURSE, twin.id);

        await expect(store.setIdeaHidden(COURSE, idea.id, true, 'Personal data', refused('idea.hide'))).rejects.toThrow();
        await expect(store.setCommentHidden(COURSE, comment!.id, true, 'Rude', refused('comment.hide'))).rejects.toThrow();
        await expect(store.mergeIdeas(COURSE, twin.id, idea.id, at(3), refused('idea.merge'))).rejects.toThrow();

        expect(await store.findIdea(COURSE, idea.id)).toEqual(ideaBefore);
        expect(await store.findIdea(COURSE, twin.id)).toEqual(twinBefore);
        expect((await store.findComment(COURSE, comment!.id))?.hidden).toBe(false);
        expect(await store.votesBy(COURSE, 'learner-2', [idea.id, twin.id])).toEqual(new Set([twin.id]));
        expect(await audit()).toEqual([]);
      });

      it("refuses an audit entry of another course than the moderated one, changing nothing", async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        await expect(store.setIdeaHidden(COURSE, idea.id, true, 'x', buildAudit(OTHER_COURSE, { action: 'idea.hide' }))).rejects.toThrow();
        expect((await store.findIdea(COURSE, idea.id))?.hidden).toBe(false);
        expect((await storage.audit.listAudit(OTHER_COURSE, { limit: 10 })).items).toEqual([]);
      });
    });

    describe('similar ideas', () => {
      it('finds ideas sharing words, ignoring case, accents, common words and plurals, within the consultation', async () => {
        const c = await newConsultation();
        const other = await newConsultation();
        await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Short videos on pivot tables' }), at(1));
        await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'A glossary of shortcuts', description: 'Printable' }), at(2));
        await store.proposeIdea(COURSE, ideaInput(other.id, { title: 'Pivot tables, again' }), at(3));
        await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Des exercices corrigés', language: 'fr' }), at(4));
        const similar = (text: string, language: 'en' | 'fr' = 'en') =>
          store.similarIdeas(COURSE, { kind: 'idea', consultationId: c.id, text, language, limit: 5 }).then((r) => r.map((i) => i.title));
        expect(await similar('More PIVOT table')).toEqual(['Short videos on pivot tables']);
        expect(await similar('the and of')).toEqual([]);
        expect(await similar('exercice corrige', 'fr')).toEqual(['Des exercices corrigés']);
        expect(await similar('gloss')).toEqual(['A glossary of shortcuts']);
        expect(await store.similarIdeas(OTHER_PLATFORM, { kind: 'idea', consultationId: c.id, text: 'pivot', language: 'en', limit: 5 })).toEqual([]);
      });

      it('leaves out hidden and merged ideas', async () => {
        const c = await newConsultation();
        const hidden = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Pivot quiz' }), at(1));
        const source = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Pivot cheatsheet' }), at(2));
        const target = await store.proposeIdea(COURSE, ideaInput(c.id, { title: 'Pivot handout' }), at(3));
        await store.setIdeaHidden(COURSE, hidden.id, true, 'Spam', buildAudit(COURSE, { action: 'idea.hide' }));
        await store.mergeIdeas(COURSE, source.id, target.id, at(4), buildAudit(COURSE, { action: 'idea.merge' }));
        const found = await store.similarIdeas(COURSE, { kind: 'idea', consultationId: c.id, text: 'pivot', language: 'en', limit: 5 });
        expect(found.map((i) => i.id)).toEqual([target.id]);
      });
    });

    describe('visits, status changes and participation', () => {
      it('tells a learner which ideas they proposed or voted for changed status since their last visit', async () => {
        const c = await newConsultation();
        const mine = await store.proposeIdea(COURSE, ideaInput(c.id, { author: learner(1) }), at(1));
        const voted = await store.proposeIdea(COURSE, ideaInput(c.id, { author: learner(2) }), at(1));
        const unrelated = await store.proposeIdea(COURSE, ideaInput(c.id, { author: learner(3) }), at(1));
        await store.setVote(COURSE, voted.id, learner(1), true, at(2));
        expect(await store.recordVisit(COURSE, 'learner-1', at(3))).toBeNull();
        for (const idea of [mine, voted, unrelated]) await store.setIdeaStatus(COURSE, idea.id, 'adopted', undefined, at(4));
        const previous = await store.recordVisit(COURSE, 'learner-1', at(5));
        expect(previous).toEqual(at(3));
        expect((await store.statusChangesSince(COURSE, 'learner-1', previous!)).map((i) => i.id).sort()).toEqual([mine.id, voted.id].sort());
        expect(await store.statusChangesSince(COURSE, 'learner-1', at(5))).toEqual([]);
        expect(await store.recordVisit(OTHER_PLATFORM, 'learner-1', at(6))).toBeNull();
      });

      it('counts each learner once across ideas, votes, comments and poll answers, and no instructor', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id, { author: learner(1) }), at(1));
        await store.setVote(COURSE, idea.id, learner(1), true, at(2));
        await store.setVote(COURSE, idea.id, learner(2), true, at(2));
        await store.setVote(COURSE, idea.id, TEACHER, true, at(2));
        await store.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: learner(3), body: 'x' }, at(3));
        await store.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: TEACHER, body: 'y' }, at(3));
        const poll = await store.addPoll(COURSE, c.id, { question: 'q', kind: 'single', options: ['a', 'b'] }, at(1));
        await store.answerPoll(COURSE, poll!.id, learner(4), [1], at(4));
        await store.answerPoll(COURSE, poll!.id, learner(2), [0], at(4));
        expect(await store.participation(COURSE, c.id)).toBe(4);
        expect(await store.participation(OTHER_PLATFORM, c.id)).toBe(0);
      });

      it('closing a consultation keeps every idea, vote, comment and answer', async () => {
        const c = await newConsultation();
        const idea = await store.proposeIdea(COURSE, ideaInput(c.id), at(1));
        await store.setVote(COURSE, idea.id, learner(2), true, at(2));
        await store.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: learner(3), body: 'x' }, at(3));
        const poll = await store.addPoll(COURSE, c.id, { question: 'q', kind: 'single', options: ['a', 'b'] }, at(1));
        await store.answerPoll(COURSE, poll!.id, learner(4), [1], at(4));
        await store.updateConsultation(COURSE, c.id, consultationInput({ status: 'closed' }), at(5));
        expect(await store.findIdea(COURSE, idea.id)).toMatchObject({ voteCount: 1, commentCount: 1 });
        expect(await store.pollResults(COURSE, poll!.id)).toEqual({ respondents: 1, counts: [0, 1] });
        expect(await store.participation(COURSE, c.id)).toBe(4);
      });
    });
  });
}
