/**
 * Training managers a platform's administrators designated (issue 15): per platform (issuer, client
 * id), a platform user id (the launch's `sub`) or an LMS role. A designated person hears every
 * course of the deployment they launch from (listening/access.ts). Designations of one platform are
 * never read, matched or changed from another.
 */
import type { PlatformKey } from '../../context/tenant';
import type { UserKey } from './user-data';

/** Who is designated: one person by user id, or everyone whose launch carries a role. */
export type DesignationSubject = { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'role'; readonly role: string };

export interface ManagerDesignation {
  readonly platform: PlatformKey;
  readonly subject: DesignationSubject;
  /** Who designated: a platform administrator's user id and name, or `cli` for the command line ('' once erased). */
  readonly designatedBy: { readonly id: string; readonly name: string };
  readonly designatedAt: Date;
}

export interface ManagerStore {
  /**
   * Adds the designation; a subject already designated on the platform is left as it was (who and
   * when kept) and `added` is false. Throws a RangeError on a subject the rule refuses
   * (context/manager-roles.ts): callers validate first and show the problem.
   */
  addDesignation(platform: PlatformKey, subject: DesignationSubject, by: ManagerDesignation['designatedBy'], at: Date): Promise<{ readonly added: boolean; readonly designation: ManagerDesignation }>;
  /** Returns true when a designation was removed. */
  removeDesignation(platform: PlatformKey, subject: DesignationSubject): Promise<boolean>;
  /** The platform's designations: user ids first, then roles, each in the order they were made. */
  listDesignations(platform: PlatformKey): Promise<ManagerDesignation[]>;
  /** Whether the platform designated this user id, or one of these launch roles (one index lookup). */
  isDesignated(platform: PlatformKey, userId: string, roles: readonly string[]): Promise<boolean>;
  /** Designations that name the person: as the designated user, or as who designated (GDPR export). */
  designationsNaming(user: UserKey): Promise<ManagerDesignation[]>;
  /**
   * GDPR erasure: deletes the designation of the person's user id and empties who-designated where
   * they designated someone (the designation itself stays: it is the platform's decision).
   */
  eraseUser(user: UserKey): Promise<{ readonly removed: number; readonly anonymised: number }>;
}
