/**
 * Moderation and settings changes are kept only with their audit entry: through real launches, an
 * entry the store refuses (an actor role the audit table does not allow, forced here by rewriting
 * the entry on its way into the store) must leave the idea, the comment, the merge and the settings
 * as they were. Written as two calls (change, then entry), each change stayed without its entry.
 */
import type { ContextKey } from '../../src/context/tenant';
import type { AuditInput } from '../../src/storage/ports/audit';
import type { ConsultationStore } from '../../src/storage/ports/consultations';
import type { SettingsStore } from '../../src/storage/ports/course-settings';
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learner, openConsultation, postIdea, sessionFor, textOf } from './consumer-group-helpers';

let h: Harness;
let course: ContextKey;
beforeAll(async () => {
  h = await startHarness();
  course = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id };
});
afterAll(async () => h.close());
afterEach(() => jest.restoreAllMocks());

const refused = (entry: AuditInput): AuditInput => ({ ...entry, actor: { ...entry.actor, role: 'administrator' as never } });

/** Makes the store receive a refused audit entry for `method` (the entry is the last argument). */
function refuseAuditOf<S extends object>(store: S, method: keyof S & string): void {
  const original = (store[method] as unknown as (...args: unknown[]) => Promise<unknown>).bind(store);
  jest.spyOn(store, method as never).mockImplementation(((...args: unknown[]) => {
    const entry = args[args.length - 1] as AuditInput | undefined;
    // A store called without its entry (the two-call design) writes the change as it is asked to.
    if (!entry || typeof entry !== 'object' || !('actor' in entry)) return original(...args);
    return original(...args.slice(0, -1), refused(entry));
  }) as never);
}

const auditOf = async (subjectId: string) => (await h.storage.audit.listAudit(course, { limit: 100 })).items.filter((e) => e.subject.id === subjectId);

describe('when the audit entry cannot be written', () => {
  it('an idea is neither hidden nor merged, and a comment stays visible', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Shorter videos');
    const twin = await postIdea(me, id, 'Short videos please');
    await me.post(`/ideas/${idea}/comments`, { body: 'A comment to keep' });
    const commentId = /id="comment-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/ideas/${idea}`)).text)![1];
    const consultations = h.storage.consultations as ConsultationStore;

    refuseAuditOf(consultations, 'setIdeaHidden');
    expect((await staff.post(`/ideas/${idea}/visibility`, { action: 'hide', reason: 'Spam' })).status).toBeGreaterThanOrEqual(500);
    refuseAuditOf(consultations, 'setCommentHidden');
    expect((await staff.post(`/comments/${commentId}/visibility`, { action: 'hide', reason: 'Rude' })).status).toBeGreaterThanOrEqual(500);
    refuseAuditOf(consultations, 'mergeIdeas');
    expect((await staff.post(`/ideas/${twin}/merge`, { into: idea })).status).toBeGreaterThanOrEqual(500);

    const page = textOf((await me.get(`/ideas/${idea}`)).text);
    expect(page).toContain('Shorter videos');
    expect(page).toContain('A comment to keep');
    expect(textOf((await me.get(`/ideas/${twin}`)).text)).not.toContain('This idea was merged into');
    expect(await auditOf(idea)).toEqual([]);
    expect(await auditOf(twin)).toEqual([]);
    expect(await auditOf(commentId)).toEqual([]);
  });

  it('the settings are not saved', async () => {
    const staff = await openSession(h, 'instructor');
    const before = await h.storage.settings.getSettings(course);
    refuseAuditOf(h.storage.settings as SettingsStore, 'saveSettings');
    const form = { reviewsEnabled: 'on', consumerGroupEnabled: 'on', textVisibility: 'everyone', moderation: 'hold', authorDisplay: 'full', minRatings: '7', windowMode: 'any' };
    expect((await staff.post('/settings', form)).status).toBeGreaterThanOrEqual(500);
    expect(await h.storage.settings.getSettings(course)).toEqual(before);
    expect(await auditOf(course.contextId)).toEqual([]);
  });
});
