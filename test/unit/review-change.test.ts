/**
 * The change plans of review writes (storage/shared/review-change.ts), alone: what each write does
 * to the summary, the per-version figures, the needs-attention flag, the moderation queue, the
 * audit log and the generation. The contract suite then checks that each adapter executes them.
 */
import type { AuditInput } from '../../src/storage/ports/audit';
import type { ReviewWrite } from '../../src/storage/ports/reviews';
import { isQueued, planDelete, planModeration, planReport, planResponse, planSave, type StoredReview } from '../../src/storage/shared/review-change';

const item = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'course', itemId: 'link' };
const march = new Date('2031-03-10T12:00:00Z');
const may = new Date('2031-05-02T08:00:00Z');

const write = (over: Partial<ReviewWrite> = {}): ReviewWrite => ({
  item,
  author: { id: 'u1', name: 'Ada' },
  rating: 4,
  aspects: { content: 5 },
  title: 'Good',
  liked: 'Pace',
  improve: '',
  status: 'published',
  holdReasons: [],
  verified: true,
  ...over,
});

const stored = (over: Partial<StoredReview> = {}): StoredReview => ({
  id: 'r1',
  status: 'published',
  rating: 4,
  aspects: { content: 5 },
  ratedAt: march.getTime(),
  createdAt: march.getTime(),
  previousRating: null,
  reportCount: 0,
  responseAt: null,
  hiddenReason: null,
  awaitingDecision: false,
  versionRatings: new Map([['initial', 4]]),
  ...over,
});

const audit: AuditInput = {
  course: { issuer: item.issuer, clientId: item.clientId, deploymentId: item.deploymentId, contextId: item.contextId },
  at: may,
  actor: { id: 't1', name: 'Teacher', role: 'instructor' },
  action: 'review.hide',
  subject: { type: 'review', id: 'r1' },
};

describe('saving a first review', () => {
  it('counts a published review everywhere: summary, its month, its aspects, its version', () => {
    const change = planSave(null, write({ versionId: 'v2' }), march);
    expect(change.review).toMatchObject({ status: 'published', ratedAt: march.getTime(), previousRating: null, needsAttention: false, queued: false });
    expect(change.summary?.reviewers).toBe(1);
    expect(change.summary?.overall).toEqual({ count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
    expect([...(change.summary?.months.keys() ?? [])]).toEqual([203103]);
    expect(change.summary?.aspects.get('content')).toEqual({ count: 1, sum: 5 });
    expect(change.versionRating).toEqual({ versionId: 'v2', rating: 4, at: march.getTime() });
    expect(change.versions.get('v2')).toEqual({ count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
    expect(change.audit).toBeNull();
    expect(change.bumpsGeneration).toBe(true);
  });

  it('counts a held review as a reviewer only, and queues it', () => {
    const change = planSave(null, write({ status: 'held', holdReasons: ['email'] }), march);
    expect(change.review).toMatchObject({ status: 'held', queued: true, needsAttention: false });
    expect(change.holdReasons).toEqual(['email']);
    expect(change.summary?.reviewers).toBe(1);
    expect(change.summary?.overall.count).toBe(0);
    expect(change.versions.size).toBe(0);
  });

  it('flags a published 1–2 star review for attention', () => {
    expect(planSave(null, write({ rating: 2 }), march).review.needsAttention).toBe(true);
  });
});

describe('editing a review', () => {
  it('moves a new rating into the month and version of the edit, and remembers the old one', () => {
    const change = planSave(stored(), write({ rating: 2, versionId: 'v2' }), may);
    expect(change.review).toMatchObject({ ratedAt: may.getTime(), previousRating: 4, needsAttention: true });
    expect(change.summary?.reviewers).toBe(0);
    expect(change.summary?.overall).toEqual({ count: 0, sum: -2, histogram: [0, 1, 0, -1, 0] });
    expect(change.summary?.months.get(203103)?.count).toBe(-1);
    expect(change.summary?.months.get(203105)?.count).toBe(1);
    expect(change.versionRating).toEqual({ versionId: 'v2', rating: 2, at: may.getTime() });
    // The earlier version keeps the author's earlier rating; the new version gains the new one.
    expect(change.versions.has('initial')).toBe(false);
    expect(change.versions.get('v2')).toEqual({ count: 1, sum: 2, histogram: [0, 1, 0, 0, 0] });
  });

  it('changes no figure and no version when only the text changes', () => {
    const change = planSave(stored({ previousRating: 5 }), write({ title: 'Better said' }), may);
    expect(change.summary).toBeNull();
    expect(change.versionRating).toBeNull();
    expect(change.versions.size).toBe(0);
    expect(change.review).toMatchObject({ ratedAt: march.getTime(), previousRating: 5 });
    expect(change.bumpsGeneration).toBe(true);
  });

  it('keeps a hidden review hidden with its reason, queues it for a new decision and audits the edit', () => {
    const change = planSave(stored({ status: 'hidden', hiddenReason: 'Insults' }), write({ title: 'Edited' }), may);
    expect(change.review).toMatchObject({ status: 'hidden', hiddenReason: 'Insults', awaitingDecision: true, queued: true });
    expect(change.summary).toBeNull();
    expect(change.audit).toMatchObject({ action: 'review.edit-hidden', subject: { type: 'review', id: 'r1' }, actor: { id: 'u1', role: 'learner' }, at: may });
  });

  it('lets the author hold or publish a review that was not hidden, dropping any stale reason', () => {
    const change = planSave(stored({ status: 'held', hiddenReason: 'stale' }), write(), may);
    expect(change.review).toMatchObject({ status: 'published', hiddenReason: null, awaitingDecision: false, queued: false });
    expect(change.summary?.overall.count).toBe(1);
  });
});

describe('deleting, moderating, reporting, responding', () => {
  it('takes a deleted review out of every figure it counted in', () => {
    const change = planDelete(stored({ versionRatings: new Map([['initial', 3], ['v2', 4]]) }));
    expect(change.review).toBeNull();
    expect(change.summary?.reviewers).toBe(-1);
    expect(change.summary?.overall.count).toBe(-1);
    expect(change.versions.get('initial')?.count).toBe(-1);
    expect(change.versions.get('v2')?.count).toBe(-1);
  });

  it('deletes a hidden review without touching the counted figures', () => {
    const change = planDelete(stored({ status: 'hidden' }));
    expect(change.summary).toEqual(expect.objectContaining({ reviewers: -1 }));
    expect(change.summary?.overall.count).toBe(0);
    expect(change.versions.size).toBe(0);
  });

  it('hides with a reason: the review leaves the figures, the audit entry is the moderator’s', () => {
    const change = planModeration(stored({ reportCount: 2 }), 'hidden', 'Insults', audit);
    expect(change.review).toMatchObject({ status: 'hidden', hiddenReason: 'Insults', reportCount: 2, queued: true, needsAttention: true });
    expect(change.summary?.overall.count).toBe(-1);
    expect(change.versions.get('initial')?.count).toBe(-1);
    expect(change.audit).toBe(audit);
    expect(change.clearReportsAt).toBeNull();
  });

  it('publishes: reports cleared at the decision, the awaiting mark and the reason dropped', () => {
    const change = planModeration(stored({ status: 'hidden', hiddenReason: 'x', awaitingDecision: true, reportCount: 3 }), 'published', 'ignored', audit);
    expect(change.review).toMatchObject({ status: 'published', hiddenReason: null, awaitingDecision: false, reportCount: 0, queued: false });
    expect(change.clearReportsAt).toBe(may.getTime());
    expect(change.summary?.overall.count).toBe(1);
  });

  it('a report queues the review and flags it, without touching any figure', () => {
    const change = planReport(stored(), 1);
    expect(change.review).toMatchObject({ reportCount: 1, queued: true, needsAttention: true });
    expect(change.summary).toBeNull();
    expect(change.versions.size).toBe(0);
  });

  it('a response given after the current rating answers a low review; withdrawing it flags it again', () => {
    const low = stored({ rating: 1, ratedAt: march.getTime() });
    expect(planResponse(low, may.getTime()).review.needsAttention).toBe(false);
    expect(planResponse(low, null).review.needsAttention).toBe(true);
    // A response older than a later rating down does not answer it.
    const downgraded = stored({ rating: 3, previousRating: 5, ratedAt: may.getTime() });
    expect(planResponse(downgraded, march.getTime()).review.needsAttention).toBe(true);
  });

  it('queues what is held, reported or awaiting a decision, and nothing else', () => {
    expect(isQueued('held', 0, false)).toBe(true);
    expect(isQueued('published', 1, false)).toBe(true);
    expect(isQueued('hidden', 0, true)).toBe(true);
    expect(isQueued('hidden', 0, false)).toBe(false);
    expect(isQueued('published', 0, false)).toBe(false);
  });
});
