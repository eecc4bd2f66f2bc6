/**
 * One real LTI 1.3 launch, as a browser would do it: login initiation to the tool, the tool's
 * redirect to the platform's authorization endpoint, the id_token posted back to the tool, which
 * opens a session and redirects to /s/<id>/…. Only the tool's state cookie needs carrying.
 */
import type { LaunchOptions, TestPlatform } from '../src/demo/test-platform';

export async function launchSession(platform: TestPlatform, options: LaunchOptions): Promise<string> {
  const initiation = platform.prepareLaunch(options);
  const login =
    initiation.method === 'POST'
      ? await fetch(initiation.url, { method: 'POST', body: new URLSearchParams(initiation.params), redirect: 'manual' })
      : await fetch(`${initiation.url}?${new URLSearchParams(initiation.params)}`, { redirect: 'manual' });
  const toPlatform = login.headers.get('location');
  if (login.status !== 302 || !toPlatform) throw new Error(`login initiation answered ${login.status}: ${(await login.text()).slice(0, 300)}`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  const authorize = await fetch(new URL(toPlatform, initiation.url), { redirect: 'manual' });
  await authorize.text();
  if (authorize.status !== 200) throw new Error(`platform authorization answered ${authorize.status}`);
  // The platform's page auto-submits these fields; the platform also keeps them for tests to read.
  const auth = platform.lastAuthResponse();

  const launched = await fetch(auth.redirectUri, { method: 'POST', body: new URLSearchParams(auth.fields), headers: { cookie: cookies }, redirect: 'manual' });
  const landing = launched.headers.get('location') ?? '';
  await launched.text();
  const sid = /\/s\/([A-Za-z0-9_-]{20,100})(\/|$)/.exec(landing)?.[1];
  if (!sid) throw new Error(`launch answered ${launched.status} without a session redirect (location: ${landing || 'none'})`);
  return sid;
}
