/**
 * The contract of the contributions store (ports/contributions.ts), run unchanged on every adapter
 * (see sqlite.test.ts and mongo.test.ts).
 */
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { AuditAction } from '../../src/storage/ports/audit';
import type { Contribution, ContributionWrite } from '../../src/storage/ports/contributions';
import { buildAudit } from '../support/audit';

const T0 = new Date('2030-01-15T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const SIBLING: ContextKey = { ...COURSE, contextId: 'course-202' };
const OTHER_PLATFORM: ContextKey = { ...COURSE, issuer: 'https://lms-b.example' };
const ANNA = { id: 'anna', name: 'Anna Learner' };
const BEN = { id: 'ben', name: 'Ben Learner' };
const FILE = { id: 'a'.repeat(32), name: 'checklist.pdf', contentType: 'application/pdf', size: 1234, sha256: 'b'.repeat(64) };

function share(overrides: Partial<ContributionWrite> = {}): ContributionWrite {
  return {
    title: 'A checklist for day one',
    text: 'What I check before a shift.',
    licence: 'cc-by-4.0',
    consentToReuse: true,
    credit: { byName: true, name: 'Anna L.' },
    status: 'published',
    holdReasons: [],
    ...overrides,
  };
}

const audit = (action: AuditAction, id: string) => buildAudit(COURSE, { action, subject: { type: 'contribution', id } });

export function contributionsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: contributions`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    const create = (overrides: Partial<ContributionWrite> = {}, minute = 0, author = ANNA, course = COURSE) =>
      storage.contributions.createContribution(course, author, share(overrides), at(minute));

    it('stores a contribution with its file reference, link, licence and credit, and finds it only in its own course', async () => {
      const created = await create({ file: FILE, link: 'https://example.org/guide' });
      expect(created).toMatchObject({
        course: COURSE, author: ANNA, title: 'A checklist for day one', link: 'https://example.org/guide', file: FILE, licence: 'cc-by-4.0',
        consentToReuse: true, credit: { byName: true, name: 'Anna L.' }, status: 'published', holdReasons: [], featured: false,
        usefulCount: 0, commentCount: 0, reportCount: 0, reuseCount: 0, createdAt: at(0), updatedAt: at(0),
      });
      expect(await storage.contributions.findContribution(COURSE, created.id)).toEqual(created);
      expect(await storage.contributions.findContribution(SIBLING, created.id)).toBeNull();
      expect(await storage.contributions.findContribution(OTHER_PLATFORM, created.id)).toBeNull();
    });

    it('refuses, rather than drops, what breaks the rules: a javascript: link, publishing without consent, a held one without a reason', async () => {
      await expect(create({ link: 'javascript:alert(1)' })).rejects.toThrow(/http or https/);
      await expect(create({ link: 'https://user:pw@example.org/' })).rejects.toThrow(/credentials/);
      await expect(create({ consentToReuse: false })).rejects.toThrow(/consent/);
      await expect(create({ status: 'held', holdReasons: [] })).rejects.toThrow(/hold reason/);
      await expect(create({ title: ' padded ' })).rejects.toThrow(/trimmed/);
      await expect(create({ file: { ...FILE, id: '../etc/passwd' } })).rejects.toThrow(/file id/);
      expect((await storage.contributions.listContributions(COURSE, { sort: 'newest', statuses: ['published', 'held'], limit: 10 })).items).toEqual([]);
    });

    it('lists by featured, newest and most useful with cursor pages that neither repeat nor skip, and filters statuses and author', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await create({ title: `Tip ${i}` }, i)).id);
      const held = await create({ status: 'held', holdReasons: ['moderation'] }, 10);
      await storage.contributions.setFeatured(COURSE, ids[1], true, audit('contribution.feature', ids[1]), at(20));
      for (const voter of ['v1', 'v2', 'v3']) await storage.contributions.setUseful(COURSE, ids[4], voter, true, at(21));
      await storage.contributions.setUseful(COURSE, ids[2], 'v1', true, at(21));

      const all = async (sort: 'featured' | 'newest' | 'useful', statuses: Array<'published' | 'held'> = ['published']) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await storage.contributions.listContributions(COURSE, { sort, statuses, limit: 3, ...(cursor ? { cursor } : {}) });
          seen.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      const newest = [...ids].reverse();
      expect(await all('newest')).toEqual(newest);
      expect(await all('featured')).toEqual([ids[1], ...newest.filter((id) => id !== ids[1])]);
      expect(await all('useful')).toEqual([ids[4], ids[2], ...newest.filter((id) => id !== ids[4] && id !== ids[2])]);
      expect(await all('newest', ['published', 'held'])).toEqual([held.id, ...newest]);
      expect(await all('newest', ['held'])).toEqual([held.id]);
      const mine = await storage.contributions.listContributions(COURSE, { sort: 'newest', statuses: ['published', 'held'], authorId: BEN.id, limit: 5 });
      expect(mine.items).toEqual([]);
      const first = await storage.contributions.listContributions(COURSE, { sort: 'newest', statuses: ['published'], limit: 2 });
      await expect(storage.contributions.listContributions(COURSE, { sort: 'useful', statuses: ['published'], limit: 2, cursor: first.nextCursor ?? '' })).rejects.toThrow(/cursor/i);
    });

    it('counts one useful mark per person, undoable, never by the author, only on published contributions', async () => {
      const c = await create();
      expect(await storage.contributions.setUseful(COURSE, c.id, BEN.id, true, at(1))).toBe(1);
      expect(await storage.contributions.setUseful(COURSE, c.id, BEN.id, true, at(2))).toBe(1);
      expect(await storage.contributions.setUseful(COURSE, c.id, 'carla', true, at(2))).toBe(2);
      expect(await storage.contributions.setUseful(COURSE, c.id, BEN.id, false, at(3))).toBe(1);
      expect(await storage.contributions.setUseful(COURSE, c.id, ANNA.id, true, at(3))).toBeNull();
      expect(await storage.contributions.setUseful(SIBLING, c.id, BEN.id, true, at(3))).toBeNull();
      expect(await storage.contributions.usefulMarksBy(COURSE, 'carla', [c.id, 'nope'])).toEqual(new Set([c.id]));
      expect(await storage.contributions.usefulMarksBy(SIBLING, 'carla', [c.id])).toEqual(new Set());
      const held = await create({ status: 'held', holdReasons: ['link'] });
      expect(await storage.contributions.setUseful(COURSE, held.id, BEN.id, true, at(4))).toBeNull();
    });

    it('keeps comments one level, counts published ones, and moderates them with their audit entry', async () => {
      const c = await create();
      const ok = await storage.contributions.addComment(COURSE, c.id, { author: BEN, text: 'Thanks!', status: 'published', holdReasons: [] }, at(1));
      const held = await storage.contributions.addComment(COURSE, c.id, { author: BEN, text: 'mail me at x@y.z', status: 'held', holdReasons: ['email'] }, at(2));
      expect(ok?.contributionId).toBe(c.id);
      expect((await storage.contributions.findContribution(COURSE, c.id))?.commentCount).toBe(1);
      expect((await storage.contributions.listComments(COURSE, c.id, ['published'], 10)).map((x) => x.text)).toEqual(['Thanks!']);
      expect((await storage.contributions.commentQueue(COURSE, { limit: 10 })).items.map((x) => x.id)).toEqual([held!.id]);
      const published = await storage.contributions.moderateComment(COURSE, held!.id, { status: 'published' }, audit('contribution-comment.publish', held!.id));
      expect(published).toMatchObject({ ok: true, value: { status: 'published', holdReasons: [] } });
      const hidden = await storage.contributions.moderateComment(COURSE, ok!.id, { status: 'hidden', hiddenReason: 'rude' }, audit('contribution-comment.hide', ok!.id));
      expect(hidden).toMatchObject({ ok: true, value: { status: 'hidden', hiddenReason: 'rude' } });
      expect((await storage.contributions.findContribution(COURSE, c.id))?.commentCount).toBe(1);
      expect(await storage.contributions.moderateComment(SIBLING, ok!.id, { status: 'published' }, audit('contribution-comment.publish', ok!.id))).toEqual({ ok: false, refusal: 'not-found' });
      expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items.map((e) => e.action)).toEqual(['contribution-comment.hide', 'contribution-comment.publish']);
      expect(await storage.contributions.deleteComment(COURSE, held!.id, 'someone-else')).toBe(false);
      expect(await storage.contributions.deleteComment(COURSE, held!.id, BEN.id)).toBe(true);
      expect((await storage.contributions.findContribution(COURSE, c.id))?.commentCount).toBe(0);
      const onHeld = await create({ status: 'held', holdReasons: ['moderation'] });
      expect(await storage.contributions.addComment(COURSE, onHeld.id, { author: BEN, text: 'Hi', status: 'published', holdReasons: [] }, at(3))).toBeNull();
    });

    it('takes one report per person into the queue, and publishing clears them with one audit entry in the same write', async () => {
      const c = await create();
      expect(await storage.contributions.report(COURSE, c.id, BEN.id, 'spam', at(1))).toBe(true);
      expect(await storage.contributions.report(COURSE, c.id, BEN.id, 'offensive', at(2))).toBe(false);
      expect(await storage.contributions.report(SIBLING, c.id, 'carla', 'spam', at(2))).toBe(false);
      expect(await storage.contributions.reportsBy(COURSE, BEN.id, [c.id])).toEqual(new Set([c.id]));
      expect(await storage.contributions.reportsOf(COURSE, c.id)).toEqual([{ reason: 'spam', at: at(1) }]);
      expect(await storage.contributions.countModerationQueue(COURSE)).toBe(1);
      const result = await storage.contributions.moderate(COURSE, c.id, 'published', audit('contribution.publish', c.id), at(3));
      expect(result).toMatchObject({ ok: true, value: { status: 'published', reportCount: 0 } });
      expect(await storage.contributions.countModerationQueue(COURSE)).toBe(0);
      expect(await storage.contributions.reportsOf(COURSE, c.id)).toEqual([]);
      const held = await storage.contributions.moderate(COURSE, c.id, 'held', audit('contribution.hold', c.id), at(4));
      expect(held).toMatchObject({ ok: true, value: { status: 'held', holdReasons: ['staff'] } });
      expect((await storage.contributions.moderationQueue(COURSE, { limit: 5 })).items.map((x) => x.id)).toEqual([c.id]);
      expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items.map((e) => e.action)).toEqual(['contribution.hold', 'contribution.publish']);
    });

    it('refuses to publish without consent to reuse, and writes no audit entry then', async () => {
      const c = await create({ consentToReuse: false, status: 'held', holdReasons: ['moderation'] });
      expect(await storage.contributions.moderate(COURSE, c.id, 'published', audit('contribution.publish', c.id), at(1))).toEqual({ ok: false, refusal: 'no-consent' });
      expect(await storage.contributions.markReused(COURSE, c.id, { kind: 'course', course: SIBLING }, { id: 't', name: 'T' }, audit('contribution.reuse', c.id), at(1))).toEqual({ ok: false, refusal: 'no-consent' });
      expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([]);
    });

    it('records reuses in a version of the course or another course of the platform, lists them, and counts the contributor’s reuses', async () => {
      const c = await create();
      const teacher = { id: 'teacher-1', name: 'Terry Teacher' };
      const version = await storage.courseVersions.createVersion({ course: COURSE, label: 'Spring 2027', startsOn: '2027-03-01', createdAt: T0, createdBy: teacher });
      const sibVersion = await storage.courseVersions.createVersion({ course: SIBLING, label: 'Other', startsOn: '2027-03-01', createdAt: T0, createdBy: teacher });
      const reuse = (target: Parameters<Storage['contributions']['markReused']>[2]) => storage.contributions.markReused(COURSE, c.id, target, teacher, audit('contribution.reuse', c.id), at(5));
      const inVersion = await reuse({ kind: 'version', versionId: version.id });
      expect(inVersion).toMatchObject({ ok: true, value: { contributionId: c.id, target: { kind: 'version', versionId: version.id }, by: teacher } });
      expect(await reuse({ kind: 'version', versionId: version.id })).toEqual({ ok: false, refusal: 'duplicate' });
      expect(await reuse({ kind: 'version', versionId: sibVersion.id })).toEqual({ ok: false, refusal: 'unknown-version' });
      expect(await reuse({ kind: 'course', course: OTHER_PLATFORM })).toEqual({ ok: false, refusal: 'bad-course' });
      expect(await reuse({ kind: 'course', course: COURSE })).toEqual({ ok: false, refusal: 'bad-course' });
      const inSibling = await reuse({ kind: 'course', course: SIBLING });
      expect(inSibling).toMatchObject({ ok: true, value: { target: { kind: 'course', course: SIBLING } } });
      expect((await storage.contributions.listReuses(COURSE, c.id)).map((r) => r.target.kind)).toEqual(['version', 'course']);
      expect((await storage.contributions.findContribution(COURSE, c.id))?.reuseCount).toBe(2);
      expect(await storage.contributions.reuseCountOfAuthor(COURSE, ANNA.id)).toBe(2);
      expect(await storage.contributions.reuseCountOfAuthor(COURSE, BEN.id)).toBe(0);
      if (!inVersion.ok) throw new Error('unreachable');
      expect(await storage.contributions.removeReuse(SIBLING, inVersion.value.id, audit('contribution.unreuse', c.id))).toEqual({ ok: false, refusal: 'not-found' });
      expect(await storage.contributions.removeReuse(COURSE, inVersion.value.id, audit('contribution.unreuse', c.id))).toMatchObject({ ok: true });
      expect(await storage.contributions.reuseCountOfAuthor(COURSE, ANNA.id)).toBe(1);

      const courseOnly = await create({ licence: 'course-only' });
      expect(await storage.contributions.markReused(COURSE, courseOnly.id, { kind: 'course', course: SIBLING }, teacher, audit('contribution.reuse', courseOnly.id), at(6))).toEqual({ ok: false, refusal: 'licence' });
      expect(await storage.contributions.markReused(COURSE, courseOnly.id, { kind: 'version', versionId: version.id }, teacher, audit('contribution.reuse', courseOnly.id), at(6))).toMatchObject({ ok: true });
    });

    it('lets staff edit the credit line only while the contributor consents, and only the author gives or withdraws that consent', async () => {
      const c = await create();
      const edit = () => storage.contributions.editCredit(COURSE, c.id, { byName: true, name: 'Anna Learner (nurse)' }, audit('contribution.credit-edit', c.id), at(2));
      expect(await edit()).toEqual({ ok: false, refusal: 'no-credit-consent' });
      expect(await storage.contributions.setCreditEditConsent(COURSE, c.id, BEN.id, true, at(1))).toBeNull();
      expect((await storage.contributions.setCreditEditConsent(COURSE, c.id, ANNA.id, true, at(1)))?.creditEditConsentAt).toEqual(at(1));
      expect(await edit()).toMatchObject({ ok: true, value: { credit: { byName: true, name: 'Anna Learner (nurse)' } } });
      await storage.contributions.setCreditEditConsent(COURSE, c.id, ANNA.id, false, at(3));
      expect(await edit()).toEqual({ ok: false, refusal: 'no-credit-consent' });
      expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items.map((e) => e.action)).toEqual(['contribution.credit-edit']);
    });

    it('lets only the author update or delete, keeping marks on update and removing what hangs on it on delete', async () => {
      const c = await create({ file: FILE });
      await storage.contributions.setUseful(COURSE, c.id, BEN.id, true, at(1));
      expect(await storage.contributions.updateContribution(COURSE, c.id, BEN.id, share({ title: 'Hijack' }), at(2))).toBeNull();
      const updated = await storage.contributions.updateContribution(COURSE, c.id, ANNA.id, share({ title: 'Better title' }), at(2));
      expect(updated?.previous.file).toEqual(FILE);
      expect(updated?.contribution).toMatchObject({ title: 'Better title', usefulCount: 1, updatedAt: at(2), createdAt: at(0) });
      expect(updated?.contribution.file).toBeUndefined();
      expect(await storage.contributions.deleteContribution(COURSE, c.id, BEN.id)).toBeNull();
      expect((await storage.contributions.deleteContribution(COURSE, c.id, ANNA.id))?.id).toBe(c.id);
      expect(await storage.contributions.findContribution(COURSE, c.id)).toBeNull();
      expect(await storage.contributions.usefulMarksBy(COURSE, BEN.id, [c.id])).toEqual(new Set());
    });

    it('moves updatedAt only when the author edits: staff writes and the credit consent leave it (the panel shows "edited" from it)', async () => {
      const c = await create();
      await storage.contributions.setCreditEditConsent(COURSE, c.id, ANNA.id, true, at(1));
      await storage.contributions.setFeatured(COURSE, c.id, true, audit('contribution.feature', c.id), at(2));
      await storage.contributions.editCredit(COURSE, c.id, { byName: true, name: 'Anna' }, audit('contribution.credit-edit', c.id), at(3));
      await storage.contributions.moderate(COURSE, c.id, 'held', audit('contribution.hold', c.id), at(4));
      expect((await storage.contributions.findContribution(COURSE, c.id))?.updatedAt).toEqual(at(0));
      await storage.contributions.updateContribution(COURSE, c.id, ANNA.id, share({ title: 'Edited' }), at(5));
      expect((await storage.contributions.findContribution(COURSE, c.id))?.updatedAt).toEqual(at(5));
    });

    it('exports all of a course oldest first', async () => {
      const a = await create({}, 1);
      const b = await create({ status: 'held', holdReasons: ['offensive'] }, 2, BEN);
      await create({}, 3, ANNA, SIBLING);
      const seen: Contribution[] = [];
      for await (const c of storage.contributions.allContributions(COURSE)) seen.push(c);
      expect(seen.map((c) => c.id)).toEqual([a.id, b.id]);
    });

    it('exports and erases one person: their contributions go with what hangs on them, their marks, comments and reports on others’ are removed and recounted', async () => {
      const annas = await create({ file: FILE }, 1);
      const bens = await create({}, 2, BEN);
      await storage.contributions.setUseful(COURSE, annas.id, BEN.id, true, at(3));
      await storage.contributions.setUseful(COURSE, bens.id, ANNA.id, true, at(3));
      await storage.contributions.addComment(COURSE, bens.id, { author: ANNA, text: 'Nice', status: 'published', holdReasons: [] }, at(4));
      await storage.contributions.report(COURSE, bens.id, ANNA.id, 'off-topic', at(5));
      const otherPlatformAnna = await create({}, 6, ANNA, OTHER_PLATFORM);
      const user = { issuer: COURSE.issuer, clientId: COURSE.clientId, userId: ANNA.id };

      const exported = await storage.contributions.exportUser(user);
      expect(exported.contributions.map((c) => c.id)).toEqual([annas.id]);
      expect(exported.usefulMarks).toEqual([{ course: COURSE, contributionId: bens.id, at: at(3) }]);
      expect(exported.comments.map((c) => c.text)).toEqual(['Nice']);
      expect(exported.reports).toEqual([{ course: COURSE, contributionId: bens.id, reason: 'off-topic', at: at(5) }]);

      const erased = await storage.contributions.eraseUser(user);
      expect(erased).toEqual({ courses: [{ course: COURSE, contributions: 1, usefulMarks: 1, comments: 1, reports: 1 }], fileIds: [FILE.id] });
      expect(await storage.contributions.findContribution(COURSE, annas.id)).toBeNull();
      expect(await storage.contributions.findContribution(COURSE, bens.id)).toMatchObject({ usefulCount: 0, commentCount: 0, reportCount: 0 });
      expect(await storage.contributions.countModerationQueue(COURSE)).toBe(0);
      expect(await storage.contributions.findContribution(OTHER_PLATFORM, otherPlatformAnna.id)).not.toBeNull();
      expect(await storage.contributions.eraseUser(user)).toEqual({ courses: [], fileIds: [] });
    });
  });
}
