/**
 * Translates a validated id_token into the tool's LaunchContext: the one place that knows where
 * each piece of information sits in LTI 1.3 messages (core §5.3–5.4, Deep Linking §4.4).
 */
import { isPanelId, type LaunchContext, type PanelId } from '../context/launch-context';
import { localeFrom } from '../context/locale';
import { courseRoleOf } from '../context/roles';
import { CLAIM, objectClaim, stringArrayClaim, stringClaim, type Claims } from './claims';

export function toLaunchContext(claims: Claims, clientId: string): LaunchContext {
  const context = objectClaim(claims, CLAIM.context) ?? {};
  const resourceLink = objectClaim(claims, CLAIM.resourceLink);
  const presentation = objectClaim(claims, CLAIM.launchPresentation);
  const platform = objectClaim(claims, CLAIM.toolPlatform);
  const custom = objectClaim(claims, CLAIM.custom) ?? {};
  const ags = objectClaim(claims, CLAIM.agsEndpoint);
  const nrps = objectClaim(claims, CLAIM.nrps);
  const dl = objectClaim(claims, CLAIM.deepLinkingSettings);
  const roles = stringArrayClaim(claims, CLAIM.roles);
  const messageType = claims[CLAIM.messageType] === 'LtiDeepLinkingRequest' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest';
  const givenName = stringClaim(claims, 'given_name');
  const familyName = stringClaim(claims, 'family_name');

  return {
    link: {
      issuer: String(claims.iss),
      clientId,
      deploymentId: String(claims[CLAIM.deploymentId]),
      contextId: isAccount(context) ? '' : String(context.id ?? ''),
      resourceLinkId: resourceLink ? String(resourceLink.id ?? '') : '',
    },
    messageType,
    userId: String(claims.sub),
    userName: displayName(claims, givenName, familyName),
    givenName,
    familyName,
    email: stringClaim(claims, 'email'),
    roles,
    role: courseRoleOf(roles),
    // Moodle and Canvas always send launch_presentation.locale; Canvas also has a top-level "locale".
    locale: localeFrom(presentation?.locale ?? claims.locale),
    contextTitle: stringClaim(context, 'title') ?? stringClaim(context, 'label') ?? String(context.id ?? ''),
    contextLabel: stringClaim(context, 'label'),
    resourceLinkTitle: resourceLink ? stringClaim(resourceLink, 'title') : undefined,
    panel: panelOf(custom),
    platformName: stringClaim(platform, 'name'),
    productFamily: stringClaim(platform, 'product_family_code'),
    documentTarget: stringClaim(presentation, 'document_target'),
    returnUrl: httpUrl(stringClaim(presentation, 'return_url')),
    deepLinking: dl
      ? {
          returnUrl: String(dl.deep_link_return_url ?? ''),
          data: stringClaim(dl, 'data'),
          acceptMultiple: dl.accept_multiple !== false && dl.accept_multiple !== 'false',
          acceptTypes: stringArrayClaim(dl, 'accept_types'),
          acceptPresentationTargets: stringArrayClaim(dl, 'accept_presentation_document_targets'),
          title: stringClaim(dl, 'title'),
        }
      : undefined,
    services: {
      namesRolesUrl: stringClaim(nrps, 'context_memberships_url'),
      lineItemsUrl: stringClaim(ags, 'lineitems'),
      lineItemUrl: stringClaim(ags, 'lineitem'),
      gradeScopes: stringArrayClaim(ags, 'scope'),
    },
    custom,
  };
}

/**
 * Canvas's account and global navigation launch with the account as context (type "Account", a
 * vocabulary outside LIS's course and group types): that is not a course, so the session gets no
 * course id and opens the catalogue only (panels/index.ts), keyed by platform and deployment.
 */
function isAccount(context: Record<string, unknown>): boolean {
  const types = Array.isArray(context.type) ? context.type : [context.type];
  return types.some((t) => typeof t === 'string' && /(^|[#/])Account$/.test(t));
}

/** Only http(s) URLs may become links on our pages (a javascript: URL would run in our origin). */
function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The deep-linked panel, from the custom parameter our content items carry ("panel"). */
function panelOf(custom: Record<string, unknown>): PanelId | undefined {
  const value = custom.panel ?? custom.learner_voice_panel;
  return isPanelId(value) ? value : undefined;
}

/** The name claims (core §5.3.6, OpenID standard claims), absent when the platform shares none. */
function displayName(claims: Claims, given?: string, family?: string): string | undefined {
  const name = stringClaim(claims, 'name')?.trim();
  if (name) return name;
  const joined = [given, family].map((part) => part?.trim()).filter(Boolean).join(' ');
  return joined || undefined;
}
