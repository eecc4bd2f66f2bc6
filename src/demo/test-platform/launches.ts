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
import { ACCOUNT_PLACEMENTS } from './types';
import type { AccountInfo, Activity, CourseInfo, LaunchOptions, LoginInitiation, MessageType, UserSpec } from './types';

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

interface LaunchScope {
  readonly course: CourseInfo;
  readonly account?: AccountInfo;
  readonly placement: string | null;
  readonly omitContext: boolean;
}

/**
 * Where the launch comes from: a course (options.course, else the first), or in the Canvas flavour
 * the account, for account placements and context-less launches. Canvas launches from account and
 * global navigation with the account as context (Lti::Messages::JwtMessage#add_context_claims! puts
 * @context, an Account there, in the context claim with type ["Account"], its name as title and no
 * label; canvas-lms lib/lti/messages/jwt_message.rb), so `contextless` there only drops that claim.
 */
function launchScope(core: PlatformCore, options: LaunchOptions, messageType: MessageType, activity: Activity | undefined): LaunchScope {
  const named = options.course === undefined ? core.config.course : core.findCourse(options.course);
  if (!named) throw new Error(`No course ${options.course} on this platform`);
  const course = activity?.contextId ? (core.findCourse(activity.contextId) ?? named) : named;
  const omitContext = options.contextless === true;
  const defaultPlacement = messageType === 'LtiDeepLinkingRequest' ? 'link_selection' : activity ? null : 'course_navigation';
  let placement = options.placement === undefined ? defaultPlacement : options.placement;
  if (core.flavour !== 'canvas') return { course, placement, omitContext };
  if (omitContext && (placement === null || !ACCOUNT_PLACEMENTS.includes(placement))) placement = 'account_navigation';
  const account = placement !== null && ACCOUNT_PLACEMENTS.includes(placement) ? core.config.account : undefined;
  return { course, account, placement, omitContext };
}

/**
 * The resource link of a launch. An account launch in Canvas names the account itself as the link
 * (ResourceLinkRequest#add_resource_link_request_claims!: the context's opaque id, the context's name
 * as title, no description); a course starts with the link placed by hand (core.courseLink).
 */
function resourceLinkOf(core: PlatformCore, options: LaunchOptions, scope: LaunchScope, activity: Activity | undefined): NonNullable<PendingLaunch['resourceLink']> {
  const canvas = core.flavour === 'canvas';
  if (scope.account && !options.resourceLink) return { id: scope.account.id, title: scope.account.name, description: null };
  const fallback = core.courseLink(scope.course);
  const id = options.resourceLink?.id ?? fallback.id;
  const isDefault = id === fallback.id;
  return {
    id,
    title: options.resourceLink?.title ?? activity?.title ?? (isDefault ? fallback.title : `Activity ${id}`),
    description:
      options.resourceLink?.description ?? activity?.text ?? (isDefault && !canvas ? fallback.description : canvas ? null : ''),
  };
}

export function prepareLaunch(core: PlatformCore, options: LaunchOptions): LoginInitiation {
  const { config } = core;
  const registration = core.activeRegistration();
  const user = resolveUser(core, options.user);
  const messageType = options.messageType ?? 'LtiResourceLinkRequest';
  const canvas = core.flavour === 'canvas';

  const activity = messageType === 'LtiResourceLinkRequest' && options.resourceLink ? core.findActivity(options.resourceLink.id) : undefined;
  const scope = launchScope(core, options, messageType, activity);
  const resourceLink = messageType === 'LtiResourceLinkRequest' ? resourceLinkOf(core, options, scope, activity) : undefined;
  const targetLinkUri =
    options.targetLinkUri ?? activity?.url ?? registration.messageTargets[messageType] ?? registration.targetLinkUri;

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
    placement: scope.placement,
    course: scope.course,
    account: scope.account,
    omitContext: scope.omitContext,
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
            context_type: scope.account ? 'Account' : 'Course',
            context_id: Number(scope.account ? scope.account.numericId : scope.course.numericId),
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
