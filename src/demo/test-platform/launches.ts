/**
 * Third-party initiated login (Security Framework §5.1.1): the platform records what it is about to
 * launch and tells the tool where to start.
 *
 * Moodle sends iss, target_link_uri, login_hint (the user id), lti_message_hint (JSON such as
 * {"cmid":1,"launchid":"ltilaunch1_…"}), client_id and lti_deployment_id, as an auto-submitted POST.
 * Canvas sends login_hint = the opaque LTI 1.1 user id, lti_message_hint = a short-lived HS256 JWT
 * naming the cached launch, and adds canvas_environment, canvas_region and
 * lti_storage_target=post_message_forwarding (LTI platform storage).
 */
import { randomBytes } from 'node:crypto';
import type { PendingLaunch, PlatformCore } from './core';
import { completeUser } from './users';
import type { LaunchOptions, LoginInitiation, UserSpec } from './types';

/** Canvas lets a launch wait 5 minutes for the tool; a Moodle launch lives in the session. */
const MOODLE_LAUNCH_TTL_MS = 10 * 60 * 1000;
const CANVAS_LAUNCH_TTL_S = 5 * 60;

/** Canvas's name for the frame of the parent window that answers platform-storage messages. */
export const CANVAS_STORAGE_TARGET = 'post_message_forwarding';

function resolveUser(core: PlatformCore, user: LaunchOptions['user']): UserSpec {
  if (typeof user === 'string') {
    const known = core.config.users[user];
    if (!known) throw new Error(`Unknown test user "${user}"`);
    return known;
  }
  return completeUser(user, core.flavour);
}

export function prepareLaunch(core: PlatformCore, options: LaunchOptions): LoginInitiation {
  const { config } = core;
  const registration = core.activeRegistration();
  const user = resolveUser(core, options.user);
  const messageType = options.messageType ?? 'LtiResourceLinkRequest';
  const canvas = core.flavour === 'canvas';

  let resourceLink: PendingLaunch['resourceLink'];
  let activity: PendingLaunch['activity'];
  if (messageType === 'LtiResourceLinkRequest') {
    const fallback = config.defaultResourceLink;
    const id = options.resourceLink?.id ?? fallback.id;
    activity = core.findActivity(id);
    const isDefault = id === fallback.id;
    resourceLink = {
      id,
      title: options.resourceLink?.title ?? activity?.title ?? (isDefault ? fallback.title : `Activity ${id}`),
      description:
        options.resourceLink?.description ?? activity?.text ?? (isDefault && !canvas ? fallback.description : canvas ? null : ''),
    };
  }
  const targetLinkUri =
    options.targetLinkUri ?? activity?.url ?? registration.messageTargets[messageType] ?? registration.targetLinkUri;
  const defaultPlacement = messageType === 'LtiDeepLinkingRequest' ? 'link_selection' : activity ? null : 'course_navigation';

  const id = canvas
    ? randomBytes(32).toString('hex')
    : `ltilaunch${resourceLink?.id ?? ''}_${randomBytes(5).toString('hex')}`;
  const pending: PendingLaunch = {
    id,
    clientId: registration.clientId,
    deploymentId: registration.deploymentId,
    user,
    messageType,
    resourceLink,
    activity,
    custom: options.custom ?? {},
    locale: options.locale ?? user.locale,
    targetLinkUri,
    documentTarget: options.documentTarget ?? 'iframe',
    forge: options.forge,
    deepLinkingData: options.deepLinkingData,
    acceptMultiple: options.acceptMultiple ?? true,
    shareName: options.shareName,
    placement: options.placement === undefined ? defaultPlacement : options.placement,
    expiresAt: Date.now() + (canvas ? CANVAS_LAUNCH_TTL_S * 1000 : MOODLE_LAUNCH_TTL_MS),
  };
  core.pending.set(id, pending);

  const params: Record<string, string> = canvas
    ? {
        iss: config.issuer,
        login_hint: user.loginHint,
        client_id: registration.clientId,
        lti_deployment_id: registration.deploymentId,
        target_link_uri: targetLinkUri,
        lti_message_hint: core.keys.signSecret(
          {
            verifier: id,
            canvas_domain: new URL(core.urls.base).host,
            context_type: 'Course',
            context_id: Number(config.course.numericId),
            canvas_locale: pending.locale,
            include_storage_target: true,
          },
          CANVAS_LAUNCH_TTL_S,
        ),
        canvas_environment: 'prod',
        canvas_region: 'us-east-1',
        lti_storage_target: CANVAS_STORAGE_TARGET,
      }
    : {
        iss: config.issuer,
        target_link_uri: targetLinkUri,
        login_hint: user.loginHint,
        lti_message_hint: JSON.stringify(
          resourceLink ? { cmid: Number(resourceLink.id) || resourceLink.id, launchid: id } : { launchid: id },
        ),
        client_id: registration.clientId,
        lti_deployment_id: registration.deploymentId,
      };
  return { url: registration.loginUrl, method: options.method ?? config.loginMethod, params, launchId: id };
}

/** Finds the pending launch an lti_message_hint names; undefined when unknown, used or expired. */
export async function launchFromHint(core: PlatformCore, hint: string): Promise<PendingLaunch | undefined> {
  let id: unknown;
  try {
    if (core.flavour === 'canvas') id = (await core.keys.verifySecret(hint)).verifier;
    else id = (JSON.parse(hint) as { launchid?: unknown }).launchid;
  } catch {
    return undefined;
  }
  if (typeof id !== 'string') return undefined;
  const launch = core.pending.get(id);
  if (!launch) return undefined;
  if (launch.expiresAt < Date.now()) {
    core.pending.delete(id);
    return undefined;
  }
  return launch;
}

/** The login initiation as a URL (for GET) or nothing to add (POST sends a form). */
export function loginInitiationUrl(initiation: LoginInitiation): string {
  const url = new URL(initiation.url);
  for (const [key, value] of Object.entries(initiation.params)) url.searchParams.set(key, value);
  return url.toString();
}
