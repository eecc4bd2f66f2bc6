/**
 * The demo (never in production): a simulated LMS course, served by the built-in test platform at
 * /platform, with Learner Voice framed in it. /demo opens the course page. The test platform is
 * registered with the tool like any LMS, so a demo launch goes through the real LTI 1.3 flow.
 */
import express from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import type { PlatformRegistry } from '../launch/platform-registry';
import { createTestPlatform, type TestPlatform } from './test-platform';

export const DEMO_PLATFORM_PATH = '/platform';
export const DEMO_CLIENT_ID = 'learner-voice-demo';
export const DEMO_DEPLOYMENT_ID = '1';

export async function demoRoutes(deps: { config: Config; registry: PlatformRegistry }): Promise<express.Router> {
  const platform = await demoPlatform(deps.config);
  await ensureRegistered(deps.registry, platform);
  const router = express.Router();
  // /demo?as=frenchLearner opens the course as that person (the course page checks the value).
  router.get('/demo', (req, res) => {
    const as = typeof req.query.as === 'string' ? `?as=${encodeURIComponent(req.query.as)}` : '';
    res.redirect(302, `${DEMO_PLATFORM_PATH}/course${as}`);
  });
  router.use(DEMO_PLATFORM_PATH, platform.router);
  return router;
}

export async function demoPlatform(config: Config): Promise<TestPlatform> {
  const urls = toolUrls(config.baseUrl);
  return createTestPlatform({
    issuer: config.baseUrl + DEMO_PLATFORM_PATH,
    flavour: 'moodle',
    clientId: DEMO_CLIENT_ID,
    deploymentId: DEMO_DEPLOYMENT_ID,
    // Trying dynamic registration from the course page registers a second client id, which waits for
    // the tool admin's approval: the course's launch buttons keep the demo's own, active registration.
    launchesFollowNewRegistrations: false,
    tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset },
  });
}

async function ensureRegistered(registry: PlatformRegistry, platform: TestPlatform): Promise<void> {
  const known = (await registry.list()).some((p) => p.issuer === platform.issuer && p.clientId === platform.clientId);
  if (!known) await registerTestPlatform(registry, platform, 'Demo course (built-in test platform)');
}

/** Registers a test platform with the tool as an admin would by hand (demo, tests and bench). */
export async function registerTestPlatform(registry: PlatformRegistry, platform: TestPlatform, name?: string): Promise<void> {
  await registry.add({
    issuer: platform.issuer,
    clientId: platform.clientId,
    name,
    authEndpoint: platform.authorizationEndpoint,
    tokenEndpoint: platform.tokenEndpoint,
    keysetUrl: platform.jwksUrl,
    deploymentIds: [platform.deploymentId],
    source: 'manual',
    productFamily: platform.flavour,
    active: true,
  });
}
