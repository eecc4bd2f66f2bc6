/**
 * Data-protection requests after real launches: a learner reviews, votes, reports, proposes an idea,
 * votes for and comments on another's; `learner-voice user export` lists all of it; `user erase`
 * removes it, the summaries equal their recount, the other learner's data and the same `sub` on
 * another platform are untouched, and the instructors' log shows the erasure without the person.
 * The command runs in-process on the harness's store (the harness keeps SQLite in memory); the
 * production entry is run once as a process on a file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runUserCommand } from '../../src/cli/user-command';
import type { ContextKey } from '../../src/context/tenant';
import type { UserExportDocument } from '../../src/data-protection/export-user';
import type { ItemKey } from '../../src/storage/ports/reviews';
import { openConsultation, postIdea, sessionFor, instructor } from './consumer-group-helpers';
import { openSession, reviewIds, settingsForm } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

async function userCommand(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUserCommand(argv, { storage: h.storage, visitorSecret: h.config.ltiKey, now: () => new Date(), confirm: async () => false }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ERIN = { sub: 'gdpr-erin', givenName: 'Erin', familyName: 'Erased' };
const KIM = { sub: 'gdpr-kim', givenName: 'Kim', familyName: 'Kept' };

describe('learner-voice user export and erase, after real launches', () => {
  it('exports everything a learner wrote, then erases it with exact summaries and nothing else touched', async () => {
    const platform = h.platform;
    const teacher = await openSession(h, 'instructor');
    expect((await teacher.post('/settings', settingsForm())).status).toBe(303);
    const staff = await sessionFor(h, instructor());
    const consultation = await openConsultation(staff);

    // Kim, then Erin, review; Erin votes Kim's review helpful and reports it.
    const kim = await openSession(h, KIM);
    expect((await kim.post('/reviews', { rating: '5', title: 'Kim likes it' })).status).toBe(303);
    const [kimReviewId] = reviewIds((await kim.get('/reviews')).text);
    const erin = await openSession(h, ERIN);
    expect((await erin.post('/reviews', { rating: '2', title: 'Erin is unhappy', liked: 'Erin wrote this' })).status).toBe(303);
    expect((await erin.post(`/reviews/${kimReviewId}/helpful`, { on: '1' })).status).toBe(303);
    expect((await erin.post(`/reviews/${kimReviewId}/report`, { reason: 'off-topic' })).status).toBe(303);

    // Ideas: each proposes one; Kim votes for Erin's; Erin votes for and comments on Kim's.
    const kimCg = await sessionFor(h, KIM);
    const erinCg = await sessionFor(h, ERIN);
    const kimIdea = await postIdea(kimCg, consultation, 'Shorter videos');
    const erinIdea = await postIdea(erinCg, consultation, 'Erin wants quizzes');
    expect((await kimCg.post(`/ideas/${erinIdea}/vote`, { on: '1' })).status).toBe(303);
    expect((await erinCg.post(`/ideas/${kimIdea}/vote`, { on: '1' })).status).toBe(303);
    expect((await erinCg.post(`/ideas/${kimIdea}/comments`, { body: 'Erin agrees' })).status).toBe(303);

    // The same sub on another platform is another person, with a review of its own.
    const other = await h.addPlatform('other-lms');
    const elsewhere = await openSession(h, ERIN, { platform: other });
    expect((await elsewhere.post('/reviews', { rating: '3', title: 'Elsewhere' })).status).toBe(303);

    // Launches no longer leave ltijs's id token records (launch/ltijs-unread-records.ts); one written
    // by an earlier version (they live 24 hours) is still found, exported and erased.
    expect(await h.storage.ltiDatabase().plugin.Get(false, 'idtoken', { user: ERIN.sub })).toBe(false);
    await h.storage.ltiDatabase().plugin.Replace(
      false,
      'idtoken',
      { iss: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId, user: ERIN.sub },
      { iss: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId, user: ERIN.sub, userInfo: { name: 'Erin' } },
    );
    const key = ['--issuer', platform.issuer, '--client-id', platform.clientId, '--user', ERIN.sub];
    const exported = await userCommand('export', ...key);
    expect(exported).toMatchObject({ code: 0, err: '' });
    const data = JSON.parse(exported.out) as UserExportDocument;
    expect(data.reviews.map((r) => r.title)).toEqual(['Erin is unhappy']);
    expect(data.helpfulVotes.map((v) => v.reviewId)).toEqual([kimReviewId]);
    expect(data.reports.map((r) => [r.reviewId, r.reason])).toEqual([[kimReviewId, 'off-topic']]);
    expect(data.ideas.map((i) => i.id)).toEqual([erinIdea]);
    expect(data.ideaVotes.map((v) => v.ideaId)).toEqual([kimIdea]);
    expect(data.comments.map((c) => c.body)).toEqual(['Erin agrees']);
    expect(data.courses.map((m) => m.userId)).toEqual([ERIN.sub]);
    expect(data.sessions.length).toBeGreaterThanOrEqual(2);
    expect(data.launchTokens.filter((t) => t.collection === 'idtoken').map((t) => t.iss)).toEqual(expect.arrayContaining([platform.issuer]));
    expect(data.launchTokens.every((t) => t.iss === platform.issuer || String(t.contextId).startsWith(encodeURIComponent(platform.issuer + platform.clientId)))).toBe(true);
    expect(exported.out).not.toContain('Elsewhere');
    const course = data.reviews[0].item as ContextKey;

    // Without --yes and no one to confirm: nothing happens.
    expect(await userCommand('erase', ...key)).toMatchObject({ code: 1, err: expect.stringContaining('--yes') });
    expect((await h.storage.reviews.summary({ ...course, itemId: 'course' }, new Date())).overall.count).toBe(2);

    const erased = await userCommand('erase', ...key, '--yes');
    expect(erased).toMatchObject({ code: 0 });
    const reference = /Reference ([\w-]+)/.exec(erased.out)![1];

    // Gone: the export finds nothing left.
    const after = JSON.parse((await userCommand('export', ...key)).out) as UserExportDocument;
    expect(Object.entries(after).filter(([, v]) => Array.isArray(v) && v.length > 0)).toEqual([]);
    expect(await userCommand('erase', ...key, '--yes')).toMatchObject({ code: 0, out: expect.stringContaining('nothing to erase') });

    // Summaries equal their recount; Kim's review lost Erin's vote and report, nothing else.
    const item: ItemKey = { ...course, itemId: 'course' };
    const left = await h.storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published', 'held', 'hidden'], limit: 50 });
    expect(left.items.map((r) => r.author.id)).toEqual([KIM.sub]);
    const published = left.items.filter((r) => r.status === 'published');
    expect((await h.storage.reviews.summary(item, new Date())).overall).toEqual({
      count: published.length,
      sum: published.reduce((s, r) => s + r.rating, 0),
      histogram: [1, 2, 3, 4, 5].map((n) => published.filter((r) => r.rating === n).length),
    });
    expect(left.items[0]).toMatchObject({ title: 'Kim likes it', helpfulCount: 0, reportCount: 0 });
    const kimPage = await kim.get('/reviews');
    expect(kimPage.text).toContain('5.0 out of 5, from 1 rating');
    expect(kimPage.text).not.toContain('Erin is unhappy');

    // Ideas: Erin's is kept without her name (Kim voted for it); Kim's lost Erin's vote, keeps the comment anonymised.
    expect(await h.storage.consultations.findIdea(course, erinIdea)).toMatchObject({ title: 'Erin wants quizzes', voteCount: 1, author: { id: `erased:${reference}`, name: '' } });
    expect(await h.storage.consultations.findIdea(course, kimIdea)).toMatchObject({ voteCount: 0, author: { id: KIM.sub } });
    const ideaPage = (await kimCg.get(`/ideas/${erinIdea}`)).text;
    expect(ideaPage).toContain('Erin wants quizzes');
    expect(ideaPage).not.toContain('Erased');

    // Kim's data: unchanged but for what Erin had given.
    const kimData = JSON.parse((await userCommand('export', '--issuer', platform.issuer, '--client-id', platform.clientId, '--user', KIM.sub)).out) as UserExportDocument;
    expect(kimData.reviews.map((r) => r.title)).toEqual(['Kim likes it']);
    expect(kimData.ideaVotes.map((v) => v.ideaId)).toEqual([erinIdea]);

    // The same sub on the other platform: untouched.
    const elsewhereData = await h.storage.userData.exportUser({ issuer: other.issuer, clientId: other.clientId, userId: ERIN.sub });
    expect(elsewhereData.reviews.map((r) => r.title)).toEqual(['Elsewhere']);
    expect(elsewhereData.courses).toHaveLength(1);
    expect(await h.storage.reviews.findReviewByAuthor(elsewhereData.reviews[0].item, ERIN.sub)).toMatchObject({ title: 'Elsewhere' });

    // The instructors' log: one line for the erasure, in their language, without Erin.
    const log = (await teacher.get('/reviews/moderation')).text;
    expect(log.replace(/&#39;/g, "'")).toContain("Learner Voice (erased a person's data at an administrator's request)");
    expect(log).toContain(reference);
    expect(log).not.toContain('Erased');
    expect(log).not.toContain(ERIN.sub);
  });

  it('refuses a request without the person, in one line', async () => {
    expect(await userCommand('export', '--issuer', h.platform.issuer, '--client-id', h.platform.clientId)).toMatchObject({ code: 2, err: expect.stringContaining('Missing: --user.') });
    expect(await userCommand('erase', '--issuer', 'x', '--client-id', 'y', '--user', 'z', '--out', 'f')).toMatchObject({ code: 2 });
    expect(await userCommand('forget')).toMatchObject({ code: 2, err: expect.stringContaining('Unknown user command') });
  });
});

describe('learner-voice user, the production entry', () => {
  it('runs as a process on a store file: an unknown person has an empty export, a missing flag is one line', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-user-cli-'));
    const run = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
        delete env.MONGODB_URI;
        execFile(process.execPath, [require.resolve('tsx/cli'), path.resolve(__dirname, '../../src/cli/learner-voice.ts'), 'user', ...args], { env }, (err, out, errOut) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: String(out), err: String(errOut) }),
        );
      });
    try {
      const out = path.join(dataDir, 'export.json');
      const exported = await run('export', '--issuer', 'https://lms.example', '--client-id', 'c', '--user', 'nobody', '--out', out);
      expect(exported).toMatchObject({ code: 0 });
      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ format: 'learner-voice-user-export', reviews: [], user: { userId: 'nobody' } });
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const missing = await run('erase', '--issuer', 'https://lms.example');
      expect(missing.code).toBe(2);
      expect(missing.err.trim().split('\n').pop()).toMatch(/^Missing: --client-id, --user\./);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
