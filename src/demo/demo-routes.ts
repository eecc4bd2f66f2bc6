/**
 * The demo (never in production): a simulated LMS course, served by the built-in test platform at
 * /platform, with Learner Voice framed in it. /demo opens the course page. The test platform is
 * registered with the tool like any LMS, so a demo launch goes through the real LTI 1.3 flow.
 */
import express from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import type { Logger } from '../http/logger';
import type { PlatformRegistry } from '../launch/platform-registry';
import type { Storage } from '../storage/port';
import { seedDemo } from './demo-seed';
import { SEED_COURSES } from './demo-seed-data';
import { createTestPlatform, type CourseInfo, type TestPlatform } from './test-platform';

export const DEMO_PLATFORM_PATH = '/platform';
export const DEMO_CLIENT_ID = 'learner-voice-demo';
export const DEMO_DEPLOYMENT_ID = '1';

/** The demo site's names (Moodle's site full name and short name, shown on its front page). */
export const DEMO_SITE = { fullName: 'Learner Voice Academy', shortName: 'LV Academy' } as const;

export interface DemoDeps {
  config: Config;
  registry: PlatformRegistry;
  storage: Storage;
  logger?: Logger;
  /**
   * Fill the demo's other courses with reviews, responses, actions and a consultation (demo-seed.ts).
   * Default: outside tests (the demo itself is never on in production); tests that want it say so.
   */
  seed?: boolean;
}

export async function demoRoutes(deps: DemoDeps): Promise<express.Router> {
  const platform = await demoPlatform(deps.config);
  await ensureRegistered(deps.registry, platform);
  if (deps.seed ?? deps.config.env !== 'test') await seedDemoCourses(deps, platform);
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
    courses: SEED_COURSES.map(demoCourse),
    site: DEMO_SITE,
  });
}

function demoCourse(course: (typeof SEED_COURSES)[number]): CourseInfo {
  return { id: course.id, numericId: course.id, label: course.label, title: course.title, summary: course.summary, language: course.language };
}

/** A failed seed leaves the demo usable (its first course needs none), so it is logged, not thrown. */
async function seedDemoCourses(deps: DemoDeps, platform: TestPlatform): Promise<void> {
  try {
    const deployment = { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId };
    const { seeded } = await seedDemo(deps.storage, deployment, new Date());
    if (seeded.length > 0) deps.logger?.info({ courses: seeded }, 'demo courses seeded');
  } catch (err) {
    deps.logger?.warn({ err }, 'demo seed failed; the demo courses start empty');
  }
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
