/**
 * What the tool keeps of each OIDC login it answers (LTI Security Framework §5.1.1), keyed by the
 * `state` it issued. It lets a launch that lost its state cookie offer a new-window login with the
 * same parameters, and lets a launch from a platform with client-side storage be accepted without a
 * cookie, once, for the issuer the state was issued for (launch/oidc-login-records.ts).
 */
export interface OidcLoginParams {
  readonly loginHint: string;
  readonly ltiMessageHint?: string;
  readonly deploymentId?: string;
  readonly targetLinkUri: string;
}

export interface OidcLogin {
  readonly state: string;
  readonly issuer: string;
  readonly clientId: string;
  /** The nonce sent to the platform's authorization endpoint. */
  readonly nonce: string;
  readonly params: OidcLoginParams;
  /** The platform's authorization URL the login redirected to (the registered endpoint only). */
  readonly authUrl: string;
  /** The platform's `lti_storage_target`, when it offered client-side storage. */
  readonly storageTarget?: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface OidcLoginStore {
  saveLogin(login: OidcLogin): Promise<void>;
  /** The login issued with `state`, if it has not expired at `now` (used or not). */
  findLogin(state: string, now: Date): Promise<OidcLogin | null>;
  /**
   * Marks the login used and returns it, when it exists, has not expired and was not used yet.
   * Atomic: of two concurrent calls for the same state at most one gets the login.
   */
  useLogin(state: string, now: Date): Promise<OidcLogin | null>;
}

/** The record as adapters keep it: the columns they match on, the rest as one JSON text. */
export function loginToJson(login: OidcLogin): string {
  return JSON.stringify({ ...login, createdAt: login.createdAt.getTime(), expiresAt: login.expiresAt.getTime() });
}

export function loginFromJson(json: string): OidcLogin {
  const raw = JSON.parse(json) as Omit<OidcLogin, 'createdAt' | 'expiresAt'> & { createdAt: number; expiresAt: number };
  return { ...raw, createdAt: new Date(raw.createdAt), expiresAt: new Date(raw.expiresAt) };
}
