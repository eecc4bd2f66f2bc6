/**
 * Article 15 (right of access): everything the tool stores about one person of one platform, as one
 * JSON document. The catalogue's buy-in visits hold a pseudonym, never the LMS user id; it is
 * computed here the way catalogue/visitor.ts computes it, so those visits are found too.
 */
import { visitorOf } from '../catalogue/visitor';
import type { ContextKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { ManagerDesignation } from '../storage/ports/managers';
import type { UserDataExport, UserKey } from '../storage/ports/user-data';

export const EXPORT_FORMAT = 'learner-voice-user-export';

export interface UserExportDocument extends UserDataExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  readonly exportedAt: Date;
  /** Training manager designations naming them: as the person designated, or as who designated (ports/managers.ts). */
  readonly managerDesignations: readonly ManagerDesignation[];
  /** The addresses kept from their launches as an instructor, for alert e-mails (ports/alerts.ts). */
  readonly instructorEmails: ReadonlyArray<{ readonly course: ContextKey; readonly email: string; readonly at: Date }>;
}

export async function exportUser(storage: Pick<Storage, 'userData' | 'managers' | 'alerts'>, user: UserKey, deps: { readonly visitorSecret: string; readonly now: Date }): Promise<UserExportDocument> {
  const data = await storage.userData.exportUser(user, { visitor: visitorOf(deps.visitorSecret, user, user.userId) });
  const managerDesignations = await storage.managers.designationsNaming(user);
  const instructorEmails = await storage.alerts.emailsOfUser(user, user.userId);
  return { format: EXPORT_FORMAT, version: 1, exportedAt: deps.now, ...data, managerDesignations, instructorEmails };
}

/** How many records of each kind an export holds (what the CLI shows before an erasure). */
export function exportCounts(data: UserDataExport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [kind, value] of Object.entries(data)) if (Array.isArray(value)) counts[kind] = value.length;
  return counts;
}

export function isEmptyExport(data: UserDataExport): boolean {
  return Object.values(exportCounts(data)).every((n) => n === 0);
}
