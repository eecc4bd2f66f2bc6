/**
 * Makes ltijs verify an id_token with a key from PlatformKeysets instead of fetching the platform's
 * keyset on every launch. ltijs has no hook for its keyset fetch; what it does have is the platform
 * record's auth configuration, read during validation. For the launch being validated, a platform
 * configured with a keyset URL (JWK_SET) is shown to ltijs as configured with the one public key
 * (RSA_KEY) that the token's key id names in that keyset, so ltijs still verifies the signature,
 * algorithm, audience, age, nonce and claims exactly as before.
 *
 * The token's key id reaches the platform lookup through AsyncLocalStorage: ltijs calls getPlatform
 * without the request. The key id is read from the unverified token header; it only chooses which of
 * the platform's own keys ltijs verifies with.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { LtiProvider } from 'ltijs';
import type { PlatformKeysets } from './platform-keysets';

interface LaunchKeyScope {
  readonly kid: string | undefined;
}

interface AuthConfig {
  readonly method: string;
  readonly key: unknown;
}

type GetPlatform = (...args: unknown[]) => Promise<unknown>;

/** Installs the lookup on this ltijs instance and returns the middleware to put in front of its launch route. */
export function useCachedPlatformKeys(lti: LtiProvider, keysets: PlatformKeysets): RequestHandler {
  const scope = new AsyncLocalStorage<LaunchKeyScope>();
  const provider = lti as unknown as { getPlatform: GetPlatform };
  const original = provider.getPlatform;
  // ltijs reads `this.getPlatform` when it validates a token, so an own property takes its place there.
  provider.getPlatform = async (...args: unknown[]) => {
    const found = await original.apply(lti, args);
    const launch = scope.getStore();
    if (!launch || !found || Array.isArray(found)) return found;
    return withCachedKey(found as object, launch.kid, keysets);
  };
  return (req, _res, next) => {
    const token: unknown = (req.body as { id_token?: unknown } | undefined)?.id_token;
    scope.run({ kid: typeof token === 'string' ? headerKid(token) : undefined }, next);
  };
}

function withCachedKey(platform: object, kid: string | undefined, keysets: PlatformKeysets): object {
  const platformAuthConfig = async (...args: unknown[]): Promise<AuthConfig> => {
    const config = (await (platform as { platformAuthConfig: (...a: unknown[]) => Promise<AuthConfig> }).platformAuthConfig(...args)) as AuthConfig;
    // Arguments mean a change to the record: not ours to intercept. Without a key id ltijs refuses the token itself.
    if (args.length || config?.method !== 'JWK_SET' || typeof config.key !== 'string' || !kid) return config;
    // No such key: ltijs refuses the launch with KEY_NOT_FOUND, as it did when it fetched the keyset itself.
    return { method: 'RSA_KEY', key: await keysets.keyFor(config.key, kid) };
  };
  // ltijs's Platform keeps its fields private to the instance: its other methods must run on it.
  return new Proxy(platform, {
    get(target, property) {
      if (property === 'platformAuthConfig') return platformAuthConfig;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function headerKid(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > 2048) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header?.kid === 'string' && header.kid.length <= 512 ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
