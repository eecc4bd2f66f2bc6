/**
 * The contract of alerts (ports/alerts.ts), run unchanged on every adapter: rules and webhook per
 * platform (the secret never read back by a page), one alert per dedupe key (also between two
 * stores on the same data), alerts by course and by deployment with acknowledgement in scope only,
 * the delivery outbox with claims that one owner holds until the lease ends, the delivery log,
 * instructors' addresses and their erasure. `peer` is a second store on the same data.
 */
import type { ContextKey } from '../../src/context/tenant';
import { DEFAULT_ALERT_RULES } from '../../src/listening/alerts/alert-rules';
import type { AlertDraft } from '../../src/listening/alerts/evaluate-course';
import type { Storage } from '../../src/storage/port';
import type { Alert, AlertPageQuery, AlertPosition, DeliveryAttempt } from '../../src/storage/ports/alerts';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const SIBLING: ContextKey = { ...COURSE, contextId: 'course-102' };
const OTHER_DEPLOYMENT: ContextKey = { ...COURSE, deploymentId: 'dep-2' };
const ELSEWHERE: ContextKey = { ...COURSE, issuer: 'https://lms-b.example' };
const PLATFORM = { issuer: COURSE.issuer, clientId: COURSE.clientId };
const DEPLOYMENT = { ...PLATFORM, deploymentId: COURSE.deploymentId };
const T0 = new Date('2030-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const draft = (key: string, overrides: Partial<AlertDraft> = {}): AlertDraft => ({
  kind: 'average-drop',
  course: COURSE,
  dedupeKey: key,
  reviewIds: ['r-1', 'r-2'],
  facts: { before: 4.5, after: 3.2, ratings: 10 },
  raisedAt: T0,
  ...overrides,
});

const attempt = (deliveryId: string, alertId: string, overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
  deliveryId,
  alertId,
  channel: 'webhook',
  attempt: 1,
  at: T0,
  outcome: 'delivered',
  status: 200,
  ...overrides,
});

export interface AlertStores {
  readonly storage: Storage;
  readonly peer: Storage;
}

export function alertsContract(name: string, open: () => Promise<AlertStores>): void {
  describe(`${name}: alerts`, () => {
    let stores: AlertStores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      if (stores.peer !== stores.storage) await stores.peer.close();
      await stores.storage.close();
    });
    const alerts = () => stores.storage.alerts;

    it('keeps rules per platform, over the defaults, and a webhook whose secret no page reads', async () => {
      expect(await alerts().findRules(PLATFORM)).toBeNull();
      const rules = { ...DEFAULT_ALERT_RULES, averageDrop: { enabled: false, ratings: 20, drop: 1 } };
      await alerts().saveRules(PLATFORM, rules, T0);
      expect(await alerts().findRules(PLATFORM)).toEqual(rules);
      expect(await alerts().findRules({ ...PLATFORM, clientId: 'client-2' })).toBeNull();

      expect(await alerts().findWebhook(PLATFORM)).toBeNull();
      await alerts().saveWebhook(PLATFORM, 'https://hooks.example/a', 's3cret-value', T0);
      await alerts().saveWebhook(PLATFORM, 'https://hooks.example/b', null, at(5));
      const shown = await alerts().findWebhook(PLATFORM);
      expect(shown).toEqual({ url: 'https://hooks.example/b', hasSecret: true, updatedAt: at(5) });
      expect(JSON.stringify(shown)).not.toContain('s3cret');
      expect(await alerts().webhookForSending(PLATFORM)).toEqual({ url: 'https://hooks.example/b', secret: 's3cret-value' });
      expect(await alerts().webhookForSending({ ...PLATFORM, issuer: ELSEWHERE.issuer })).toBeNull();
      expect(await alerts().removeWebhook(PLATFORM)).toBe(true);
      expect(await alerts().webhookForSending(PLATFORM)).toBeNull();
    });

    it('raises a condition once, also from a second store, with its deliveries', async () => {
      const first = await alerts().raise(draft('k-1'), { webhook: true, emails: ['a@example.edu', 'a@example.edu', 'b@example.edu'] });
      expect(first).toMatchObject({ kind: 'average-drop', state: 'open', reviewIds: ['r-1', 'r-2'], facts: { before: 4.5, after: 3.2, ratings: 10 }, raisedAt: T0 });
      expect(await stores.peer.alerts.raise(draft('k-1', { raisedAt: at(60) }), { webhook: true, emails: [] })).toBeNull();
      expect(await alerts().raise(draft('k-1'), { webhook: true, emails: [] })).toBeNull();
      // One webhook and two distinct addresses.
      expect(await alerts().countPendingDeliveries()).toBe(3);
      const [a, b] = await Promise.all([alerts().raise(draft('k-2'), { webhook: false, emails: [] }), stores.peer.alerts.raise(draft('k-2'), { webhook: false, emails: [] })]);
      expect([a, b].filter((x) => x !== null)).toHaveLength(1);
    });

    it('lists alerts by course or deployment, open first, and acknowledges only within the scope', async () => {
      const old = (await alerts().raise(draft('old', { raisedAt: at(0) }), { webhook: false, emails: [] }))!;
      const recent = (await alerts().raise(draft('recent', { raisedAt: at(100) }), { webhook: false, emails: [] }))!;
      const sibling = (await alerts().raise(draft('sib', { course: SIBLING, raisedAt: at(50) }), { webhook: false, emails: [] }))!;
      await alerts().raise(draft('other-dep', { course: OTHER_DEPLOYMENT }), { webhook: false, emails: [] });
      await alerts().raise(draft('elsewhere', { course: ELSEWHERE }), { webhook: false, emails: [] });

      const course = { kind: 'course', course: COURSE } as const;
      const deployment = { kind: 'deployment', deployment: DEPLOYMENT } as const;
      expect((await alerts().listAlerts(course, 10)).map((x) => x.id)).toEqual([recent.id, old.id]);
      expect((await alerts().listAlerts(deployment, 10)).map((x) => x.id)).toEqual([recent.id, sibling.id, old.id]);
      expect(await alerts().countOpen(deployment)).toBe(3);

      expect(await alerts().acknowledge({ kind: 'course', course: SIBLING }, recent.id, 'teacher', at(200))).toBe(false);
      expect(await alerts().acknowledge({ kind: 'course', course: OTHER_DEPLOYMENT }, old.id, 'teacher', at(200))).toBe(false);
      expect(await alerts().acknowledge(course, recent.id, 'teacher', at(200))).toBe(true);
      expect(await alerts().acknowledge(course, recent.id, 'teacher', at(201))).toBe(false);
      expect((await alerts().listAlerts(course, 10)).map((x) => [x.id, x.state])).toEqual([[old.id, 'open'], [recent.id, 'acknowledged']]);
      expect(await alerts().findAlert(course, recent.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'teacher', acknowledgedAt: at(200) });
      expect(await alerts().findAlert({ kind: 'course', course: SIBLING }, recent.id)).toBeNull();
      expect(await alerts().countOpen(course)).toBe(1);
    });

    it('claims each due delivery for one owner until its lease runs out; only the owner settles it, and the log keeps the attempts', async () => {
      const alert = (await alerts().raise(draft('k-claim'), { webhook: true, emails: [] }))!;
      expect(await alerts().claimDueDeliveries('a', at(-1), 60_000, 5)).toEqual([]);
      const [taken] = await alerts().claimDueDeliveries('a', T0, 60_000, 5);
      expect(taken).toMatchObject({ alertId: alert.id, channel: 'webhook', recipient: '', attempts: 0, platform: PLATFORM });
      expect(await stores.peer.alerts.claimDueDeliveries('b', at(30), 60_000, 5)).toEqual([]);
      expect(await alerts().settleDelivery(taken!.id, 'b', attempt(taken!.id, alert.id), null)).toBe(false);

      expect(await alerts().settleDelivery(taken!.id, 'a', attempt(taken!.id, alert.id, { outcome: 'retry', status: 500, error: 'HTTP 500' }), at(90))).toBe(true);
      expect(await alerts().claimDueDeliveries('b', at(89), 60_000, 5)).toEqual([]);
      const [again] = await stores.peer.alerts.claimDueDeliveries('b', at(90), 60_000, 5);
      expect(again).toMatchObject({ id: taken!.id, attempts: 1 });
      // The lease ran out: a third owner takes it over and the second can no longer settle it.
      const [takenOver] = await alerts().claimDueDeliveries('c', at(151), 60_000, 5);
      expect(takenOver?.id).toBe(taken!.id);
      expect(await alerts().settleDelivery(taken!.id, 'b', attempt(taken!.id, alert.id), null)).toBe(false);
      expect(await alerts().releaseDelivery(taken!.id, 'c', at(152))).toBe(true);
      const [last] = await alerts().claimDueDeliveries('c', at(152), 60_000, 5);
      expect(await alerts().settleDelivery(last!.id, 'c', attempt(last!.id, alert.id, { attempt: 2, at: at(153) }), null)).toBe(true);
      expect(await alerts().countPendingDeliveries()).toBe(0);

      const log = await alerts().deliveryLog(PLATFORM, 10);
      expect(log.map((l) => [l.attempt, l.outcome, l.status])).toEqual([[2, 'delivered', 200], [1, 'retry', 500]]);
      expect(log[1]).toMatchObject({ error: 'HTTP 500', alertId: alert.id, channel: 'webhook' });
      expect(await alerts().deliveryLog({ ...PLATFORM, clientId: 'client-2' }, 10)).toEqual([]);
    });

    it('keeps an instructor’s address per course, exports it and forgets it with its pending e-mails', async () => {
      await alerts().rememberInstructorEmail(COURSE, 'teacher-1', 'old@example.edu', T0);
      await alerts().rememberInstructorEmail(COURSE, 'teacher-1', 'terry@example.edu', at(10));
      await alerts().rememberInstructorEmail(COURSE, 'teacher-2', 'tina@example.edu', at(10));
      await alerts().rememberInstructorEmail(ELSEWHERE, 'teacher-1', 'someone@example.edu', at(10));
      expect(await alerts().instructorEmails(COURSE)).toEqual(['terry@example.edu', 'tina@example.edu']);
      expect(await alerts().emailsOfUser(PLATFORM, 'teacher-1')).toEqual([{ course: COURSE, email: 'terry@example.edu', at: at(10) }]);

      await alerts().raise(draft('k-mail'), { webhook: false, emails: ['terry@example.edu', 'tina@example.edu'] });
      expect(await alerts().forgetUser(PLATFORM, 'teacher-1')).toBe(1);
      expect(await alerts().instructorEmails(COURSE)).toEqual(['tina@example.edu']);
      const left = await alerts().claimDueDeliveries('a', T0, 60_000, 10);
      expect(left.map((d) => d.recipient)).toEqual(['tina@example.edu']);
      expect(await alerts().instructorEmails(ELSEWHERE)).toEqual(['someone@example.edu']);
    });

    it('pages a platform, a deployment or a course newest first (ties by id, descending), each alert once, by state when asked', async () => {
      const raised: Alert[] = [];
      const raise = async (key: string, course: ContextKey, seconds: number) => raised.push((await alerts().raise(draft(key, { course, raisedAt: at(seconds) }), { webhook: false, emails: [] }))!);
      // Three alerts at one moment (one evaluation raises several), and others around them.
      for (const [key, course, seconds] of [['p1', COURSE, 10], ['p2', COURSE, 20], ['p3', SIBLING, 20], ['p4', COURSE, 20], ['p5', OTHER_DEPLOYMENT, 30], ['p6', SIBLING, 5], ['p7', ELSEWHERE, 25]] as const) await raise(key, course, seconds);
      const byKey = (key: string) => raised.find((a) => a.dedupeKey === key)!;
      await alerts().acknowledge({ kind: 'course', course: COURSE }, byKey('p2').id, 'teacher', at(40));
      await alerts().acknowledge({ kind: 'course', course: SIBLING }, byKey('p6').id, 'teacher', at(41));

      const expected = (keys: string[]) =>
        keys.map(byKey).sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((a) => a.id);
      const readAll = async (query: Omit<AlertPageQuery, 'limit' | 'after'>, limit: number) => {
        const ids: string[] = [];
        let after: AlertPosition | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await alerts().pageAlerts({ ...query, limit, ...(after ? { after } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          ids.push(...page.items.map((a) => a.id));
          if (!page.next) return ids;
          after = page.next;
        }
        throw new Error('too many pages');
      };
      const platform = { kind: 'platform', platform: PLATFORM } as const;
      const deployment = { kind: 'deployment', deployment: DEPLOYMENT } as const;
      const course = { kind: 'course', course: COURSE } as const;
      expect(await readAll({ scope: platform }, 2)).toEqual(expected(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']));
      expect(await readAll({ scope: platform }, 1)).toEqual(expected(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']));
      expect(await readAll({ scope: deployment }, 2)).toEqual(expected(['p1', 'p2', 'p3', 'p4', 'p6']));
      expect(await readAll({ scope: course }, 2)).toEqual(expected(['p1', 'p2', 'p4']));
      expect(await readAll({ scope: platform, state: 'open' }, 2)).toEqual(expected(['p1', 'p3', 'p4', 'p5']));
      expect(await readAll({ scope: deployment, state: 'acknowledged' }, 1)).toEqual(expected(['p2', 'p6']));
      expect(await readAll({ scope: course, state: 'open' }, 5)).toEqual(expected(['p1', 'p4']));
      expect(await readAll({ scope: { kind: 'platform', platform: { issuer: ELSEWHERE.issuer, clientId: ELSEWHERE.clientId } } }, 5)).toEqual([byKey('p7').id]);

      // A page exactly full is the last one when nothing follows; the alert itself comes back whole.
      const whole = await alerts().pageAlerts({ scope: course, limit: 3 });
      expect(whole.next).toBeNull();
      expect(whole.items.find((a) => a.id === byKey('p2').id)).toMatchObject({ state: 'acknowledged', acknowledgedAt: at(40), reviewIds: ['r-1', 'r-2'], facts: { before: 4.5, after: 3.2, ratings: 10 }, course: COURSE });
      expect(await alerts().pageAlerts({ scope: course, limit: 2, after: { raisedAt: at(0), id: '' } })).toEqual({ items: [], next: null });
    });

    it('writes an alert e-mail in its owner’s language, else the course’s latest known one, else none', async () => {
      expect(await alerts().mailLocale(COURSE, 'terry@example.edu')).toBeNull();
      await alerts().rememberInstructorEmail(COURSE, 'teacher-1', 'terry@example.edu', T0);
      expect(await alerts().mailLocale(COURSE, 'terry@example.edu')).toBeNull();
      await alerts().rememberInstructorEmail(COURSE, 'teacher-2', 'tina@example.edu', at(10), 'fr');
      await alerts().rememberInstructorEmail(ELSEWHERE, 'teacher-3', 'terry@example.edu', at(20), 'en');
      expect(await alerts().mailLocale(COURSE, 'terry@example.edu')).toBe('fr');
      await alerts().rememberInstructorEmail(COURSE, 'teacher-1', 'terry@example.edu', at(30), 'en');
      expect(await alerts().mailLocale(COURSE, 'terry@example.edu')).toBe('en');
      expect(await alerts().mailLocale(COURSE, 'tina@example.edu')).toBe('fr');
      expect(await alerts().mailLocale(COURSE, 'nobody@example.edu')).toBe('en');
      expect(await alerts().mailLocale(SIBLING, 'tina@example.edu')).toBeNull();
    });
  });
}
