/**
 * The part of ltijs 5.9 this tool uses, typed by hand (the published @types/ltijs describe ltijs 4).
 * Read from node_modules/ltijs/dist/Provider/Provider.js.
 */
declare module 'ltijs' {
  import type { Express, Request, Response, NextFunction } from 'express';

  export interface LtiPlatform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformName(name?: string): Promise<string>;
    platformKid(): Promise<string>;
    platformId(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthEndpoint(): Promise<string>;
    /** Each of these sets its one field when given a value (a Modify of the platform record), else reads it. */
    platformAuthenticationEndpoint(endpoint?: string): Promise<string>;
    platformAccessTokenEndpoint(endpoint?: string): Promise<string>;
    /** Reads as the token endpoint when none was set. */
    platformAuthorizationServer(server?: string): Promise<string>;
    platformAuthConfig(method?: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY', key?: string): Promise<{ method: string; key: string }>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    platformJSON(): Promise<Record<string, unknown>>;
    delete(): Promise<boolean>;
  }

  export interface LtiPlatformInput {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
  }

  /** What ltijs hands to onConnect/onDeepLinking (res.locals.token). */
  export interface LtiIdToken {
    iss: string;
    user: string;
    clientId: string;
    deploymentId: string;
    platformId: string;
    userInfo: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformInfo?: Record<string, unknown>;
    platformContext: {
      contextId: string;
      path: string;
      roles: string[];
      targetLinkUri: string;
      context?: Record<string, unknown>;
      resource?: Record<string, unknown>;
      custom?: Record<string, unknown>;
      launchPresentation?: Record<string, unknown>;
      messageType: string;
      version: string;
      deepLinkingSettings?: Record<string, unknown>;
      lis?: Record<string, unknown>;
      endpoint?: Record<string, unknown>;
      namesRoles?: Record<string, unknown>;
    };
  }

  type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  type TokenHandler = (token: LtiIdToken, req: Request, res: Response, next: NextFunction) => unknown;

  export interface LtiProvider {
    app: Express;
    setup(encryptionKey: string, database: unknown, options?: Record<string, unknown>): LtiProvider;
    deploy(options?: { serverless?: boolean; silent?: boolean; port?: number }): Promise<boolean>;
    close(options?: { silent?: boolean }): Promise<boolean>;
    onConnect(handler: TokenHandler): true;
    onDeepLinking(handler: TokenHandler): true;
    onDynamicRegistration(handler: Handler): true;
    onInvalidToken(handler: Handler): true;
    onSessionTimeout(handler: Handler): true;
    onUnregisteredPlatform(handler: Handler): true;
    onInactivePlatform(handler: Handler): true;
    whitelist(...routes: Array<string | RegExp | { route: string | RegExp; method: string }>): unknown;
    registerPlatform(platform: LtiPlatformInput): Promise<LtiPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtiPlatform | false>;
    getPlatform(url: string): Promise<LtiPlatform[] | false>;
    getAllPlatforms(): Promise<LtiPlatform[]>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
    DeepLinking: {
      createDeepLinkingMessage(idtoken: unknown, contentItems: unknown[], options?: Record<string, unknown>): Promise<string>;
    };
  }

  /** ltijs exports one instance; its constructor gives fresh ones (one per app, so tests stay independent). */
  export const Provider: LtiProvider;
}

/** ltijs's own JWT library; only ltik-key.ts touches it (the module object ltijs calls through). */
declare module 'jsonwebtoken' {
  const jsonwebtoken: { sign: (...args: unknown[]) => unknown; verify: (...args: unknown[]) => unknown };
  export default jsonwebtoken;
}

/** ltijs's one HTTP client to platforms (got 11 extended with a User-Agent): every service call goes through its methods. */
declare module 'ltijs/dist/Utils/Http' {
  type Call = (url: string, options?: Record<string, unknown>) => Promise<unknown> & { json(): Promise<unknown> };
  interface LtijsHttpClient {
    get: Call;
    post: Call;
    put: Call;
    patch: Call;
    delete: Call;
    head: Call;
    extend(options: Record<string, unknown>): LtijsHttpClient;
  }
  const httpClient: LtijsHttpClient;
  export = httpClient;
}
