/**
 * The "Feedback given" column's line item, as the platform answers it: an id that is not a URL on
 * the platform's own site is refused and never kept, and a failed score makes the next try look
 * the column up again instead of reusing a line item that may be gone.
 */
import type { LtiProvider } from 'ltijs';
import { ltijsGradebook } from '../../src/launch/gradebook';
import type { GradeTarget } from '../../src/storage/ports/grade-outbox';

const course = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: '1', contextId: '2' };
const target: GradeTarget = {
  lineItemsUrl: 'https://lms.example/mod/lti/services.php/2/lineitems?type_id=1',
  scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'],
  resourceLinkId: '7',
};
const GOOD = 'https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1';

function fakeGrade(answers: unknown[]) {
  const calls = { getLineItems: 0, submitScore: [] as string[], failScore: false };
  const grade = {
    async getLineItems() {
      calls.getLineItems++;
      return { lineItems: [{ id: answers.shift() }] };
    },
    async createLineItem() {
      throw new Error('not expected');
    },
    async submitScore(_idtoken: unknown, lineItemId: string) {
      calls.submitScore.push(lineItemId);
      if (calls.failScore) throw new Error('404 from the platform');
    },
  };
  return { lti: { Grade: grade } as unknown as LtiProvider, calls };
}

describe('the feedback column line item', () => {
  it.each([
    ['an object', { a: 1 }],
    ['a relative path', '/lineitems/5'],
    ['another host', 'https://elsewhere.example/lineitems/5'],
    ['a file URL', 'file:///etc/passwd'],
  ])('refuses %s as its id, keeps nothing, and the next try asks the platform again', async (_name, bad) => {
    const { lti, calls } = fakeGrade([bad, GOOD]);
    const gradebook = ltijsGradebook(lti);
    await expect(gradebook.sendFullCredit(course, target, '4', 'Feedback given')).rejects.toThrow(/line item/);
    expect(calls.submitScore).toEqual([]);
    await gradebook.sendFullCredit(course, target, '4', 'Feedback given');
    expect(calls.getLineItems).toBe(2);
    expect(calls.submitScore).toEqual([GOOD]);
  });

  it('looks the column up again after a score the platform refused, and keeps it after one it took', async () => {
    const { lti, calls } = fakeGrade([GOOD, GOOD]);
    const gradebook = ltijsGradebook(lti);
    calls.failScore = true;
    await expect(gradebook.sendFullCredit(course, target, '4', 'Feedback given')).rejects.toThrow('404');
    calls.failScore = false;
    await gradebook.sendFullCredit(course, target, '4', 'Feedback given');
    await gradebook.sendFullCredit(course, target, '5', 'Feedback given');
    expect(calls.getLineItems).toBe(2);
    expect(calls.submitScore).toEqual([GOOD, GOOD, GOOD]);
  });
});
