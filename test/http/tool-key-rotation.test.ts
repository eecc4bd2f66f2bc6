/**
 * `learner-voice platform rotate-key`: the tool signs with a new key from the rotation on, and the old
 * public key stays in the tool's keyset (/lti/keys) for the grace period, then leaves it.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { runPlatformCommand } from '../../src/cli/platform-command';
import { toolUrls } from '../../src/config';
import { findForm } from '../support/browser';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const DAY_MS = 24 * 60 * 60 * 1000;

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlatformCommand(argv, h.tool.registry, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function publishedKids(): Promise<string[]> {
  const res = await fetch(toolUrls(h.baseUrl).keyset);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

describe('tool key rotation', () => {
  it('signs with the new key at once, publishes both keys during the grace, and only the new one after it', async () => {
    const lms = await h.addPlatform('rotating');
    const key = { issuer: lms.issuer, clientId: lms.clientId };
    const oldKid = (await h.tool.registry.show(key)).kid;
    const otherKid = (await h.tool.registry.show({ issuer: h.platform.issuer, clientId: h.platform.clientId })).kid;

    const started = Date.now();
    const rotated = await run('rotate-key', lms.issuer, lms.clientId, '--grace-days', '7', '--json');
    expect(rotated.code).toBe(0);
    const rotation = JSON.parse(rotated.out) as { signingKid: string; retiredKid: string; retiredUntil: string };
    expect(rotation).toMatchObject({ issuer: lms.issuer, clientId: lms.clientId, retiredKid: oldKid, signingKid: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(rotation.signingKid).not.toBe(oldKid);
    const until = Date.parse(rotation.retiredUntil);
    expect(until).toBeGreaterThanOrEqual(started + 7 * DAY_MS);
    expect(until).toBeLessThan(Date.now() + 7 * DAY_MS + 1000);

    expect(await publishedKids()).toEqual(expect.arrayContaining([rotation.signingKid, oldKid, otherKid]));
    const shown = await h.tool.registry.show(key);
    expect(shown.keys).toEqual({ signing: rotation.signingKid, retired: [{ kid: oldKid, until: new Date(until) }] });
    expect((await run('show', lms.issuer, lms.clientId)).out).toContain(`Retired tool key:   ${oldKid} (in the keyset until ${rotation.retiredUntil})`);

    // A deep-linking response is signed with the new key, and verifies against the published keyset.
    const selection = await launch(h, { user: 'instructor', messageType: 'LtiDeepLinkingRequest' }, lms);
    expect(selection.res.status).toBe(200);
    const answer = await selection.browser.post(selection.url, { ...findForm(selection.res.text)!.fields, panels: ['reviews'], action: 'add' });
    const jwt = findForm(answer.text, 'deep-link-return')!.fields.JWT;
    expect(decodeProtectedHeader(jwt).kid).toBe(rotation.signingKid);
    await jwtVerify(jwt, createRemoteJWKSet(new URL(toolUrls(h.baseUrl).keyset)), { issuer: lms.clientId, audience: lms.issuer });

    // The grace over, the store's purge deletes the old key; every other key stays.
    await h.storage.purgeExpired(new Date(until + 1));
    const after = await publishedKids();
    expect(after).toEqual(expect.arrayContaining([rotation.signingKid, otherKid]));
    expect(after).not.toContain(oldKid);
    expect((await h.tool.registry.show(key)).keys.retired).toEqual([]);
    expect((await launch(h, { user: 'learner' }, lms)).res.status).toBe(200);
  });

  it('keeps the state of an inactive platform, and forgets retired keys with the platform', async () => {
    const lms = await h.addPlatform('rotating-off');
    await run('deactivate', lms.issuer, lms.clientId);
    const oldKid = (await h.tool.registry.show({ issuer: lms.issuer, clientId: lms.clientId })).kid;
    expect((await run('rotate-key', lms.issuer, lms.clientId)).out).toMatch(/^New signing key: +[0-9a-f]{32}\nRetired key: +[0-9a-f]{32} \(still in the keyset until /);
    expect(JSON.parse((await run('show', lms.issuer, lms.clientId, '--json')).out)).toMatchObject({ status: 'inactive', active: false });
    expect((await launch(h, { user: 'learner' }, lms)).res.text).toContain('LAUNCH_PLATFORM_INACTIVE');

    const signing = (await h.tool.registry.show({ issuer: lms.issuer, clientId: lms.clientId })).kid;
    expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, signing]));
    await run('remove', lms.issuer, lms.clientId, '--yes');
    const left = await publishedKids();
    expect(left).not.toContain(oldKid);
    expect(left).not.toContain(signing);
  });

  it('refuses a grace period beyond 90 days', async () => {
    const res = await run('rotate-key', h.platform.issuer, h.platform.clientId, '--grace-days', '365');
    expect(res).toMatchObject({ code: 1, err: 'learner-voice platform: The grace period must be a whole number of days from 0 to 90.' });
  });
});
