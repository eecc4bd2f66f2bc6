/**
 * Reads a platform's OpenID configuration (LTI DR 1.0 §3.4) into what the tool keeps, and refuses
 * one it cannot use. The configuration came from a URL the caller chose, so a refusal here is the
 * caller's problem (422), not a platform failure. In production every URL in it must be https.
 */
import { AppError } from '../http/errors';
import { PLATFORM_CONFIGURATION_CLAIM } from './registration-request';
import { checkedUrl, loggableUrl } from './registration-input';

export interface PlatformConfiguration {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly registrationEndpoint: string;
  readonly authorizationServer?: string;
  readonly productFamily?: string;
}

const REQUIRED = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'registration_endpoint'] as const;
const MAX_PRODUCT_FAMILY_LENGTH = 64;

export function readPlatformConfiguration(json: Record<string, unknown>, configurationUrl: URL, options: { readonly httpAllowed: boolean }): PlatformConfiguration {
  const missing = REQUIRED.filter((name) => typeof json[name] !== 'string' || json[name] === '');
  if (missing.length) throw unusable(configurationUrl, 'fields missing', { missing });
  const url = (name: (typeof REQUIRED)[number]) => {
    try {
      return checkedUrl(json[name] as string, name, options.httpAllowed);
    } catch {
      // Logged like every URL the platform names: its query (a token, a tenant key) left out.
      throw unusable(configurationUrl, `${name} is not an allowed URL`, { [name]: loggableUrl(String(json[name])) });
    }
  };
  const issuer = url('issuer');
  if (issuer.search) throw unusable(configurationUrl, 'issuer has a query string', { issuer: issuer.href });
  const registrationEndpoint = url('registration_endpoint');
  // The registration token goes only to the host that served the configuration (DR 1.0 §3.5.1 on trust).
  if (registrationEndpoint.origin !== configurationUrl.origin)
    throw unusable(configurationUrl, 'registration endpoint on another origin', { registrationEndpoint: loggableUrl(registrationEndpoint) });
  const platform = json[PLATFORM_CONFIGURATION_CLAIM] as Record<string, unknown> | undefined;
  const family = typeof platform?.product_family_code === 'string' ? platform.product_family_code.trim().toLowerCase() : '';
  return {
    // The issuer is compared byte for byte with the `iss` of id_tokens: keep it as the platform wrote it.
    issuer: json.issuer as string,
    authorizationEndpoint: url('authorization_endpoint').href,
    tokenEndpoint: url('token_endpoint').href,
    jwksUri: url('jwks_uri').href,
    registrationEndpoint: registrationEndpoint.href,
    authorizationServer: absoluteUrlOrUndefined(json.authorization_server, options.httpAllowed),
    productFamily: /^[a-z0-9._-]+$/.test(family) && family.length <= MAX_PRODUCT_FAMILY_LENGTH ? family : undefined,
  };
}

/**
 * The audience of our client assertions. Canvas advertises a bare host ("sso.canvaslms.com") here
 * but checks assertions against its token URL, so a value that is not a URL is dropped and ltijs
 * falls back to the token endpoint (Security Framework §4.1.1 allows either).
 */
function absoluteUrlOrUndefined(value: unknown, httpAllowed: boolean): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return checkedUrl(value, 'authorization_server', httpAllowed).href;
  } catch {
    return undefined;
  }
}

function unusable(configurationUrl: URL, reason: string, detail: Record<string, unknown> = {}): AppError {
  return new AppError('REGISTRATION_CONFIGURATION_UNUSABLE', { reason, url: loggableUrl(configurationUrl), ...detail }, { host: configurationUrl.host });
}
