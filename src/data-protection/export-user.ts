/**
 * Article 15 (right of access): everything the tool stores about one person of one platform, as one
 * JSON document. The catalogue's buy-in visits hold a pseudonym, never the LMS user id; it is
 * computed here the way catalogue/visitor.ts computes it, so those visits are found too.
 */
import { visitorOf } from '../catalogue/visitor';
import type { Storage } from '../storage/port';
import type { UserDataExport, UserKey } from '../storage/ports/user-data';
import type { ContributionUserData } from '../storage/ports/contributions';
import { buffer } from 'node:stream/consumers';

export const EXPORT_FORMAT = 'learner-voice-user-export';

/** Their contributions' data (ports/contributions.ts), and the files they attached with their bytes (base64). */
export interface ContributionExport {
  readonly contributions: ContributionUserData['contributions'];
  readonly contributionUsefulMarks: ContributionUserData['usefulMarks'];
  readonly contributionComments: ContributionUserData['comments'];
  readonly contributionReports: ContributionUserData['reports'];
  readonly contributionReusesRecorded: ContributionUserData['reusesRecorded'];
  readonly contributionFiles: ReadonlyArray<{ readonly contributionId: string; readonly name: string; readonly contentType: string; readonly sha256: string; readonly base64: string | null }>;
}

export interface UserExportDocument extends UserDataExport, ContributionExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  readonly exportedAt: Date;
}

export async function exportUser(
  storage: Pick<Storage, 'userData' | 'contributions' | 'contributionFiles'>,
  user: UserKey,
  deps: { readonly visitorSecret: string; readonly now: Date },
): Promise<UserExportDocument> {
  const data = await storage.userData.exportUser(user, { visitor: visitorOf(deps.visitorSecret, user, user.userId) });
  return { format: EXPORT_FORMAT, version: 1, exportedAt: deps.now, ...data, ...(await exportContributions(storage, user)) };
}

async function exportContributions(storage: Pick<Storage, 'contributions' | 'contributionFiles'>, user: UserKey): Promise<ContributionExport> {
  const data = await storage.contributions.exportUser(user);
  const contributionFiles = [];
  // One file at a time: each is at most CONTRIBUTION_MAX_BYTES.
  for (const c of data.contributions) {
    if (!c.file) continue;
    const stream = await storage.contributionFiles.openFile(c.file.id);
    const base64 = stream ? (await buffer(stream)).toString('base64') : null;
    contributionFiles.push({ contributionId: c.id, name: c.file.name, contentType: c.file.contentType, sha256: c.file.sha256, base64 });
  }
  return {
    contributions: data.contributions,
    contributionUsefulMarks: data.usefulMarks,
    contributionComments: data.comments,
    contributionReports: data.reports,
    contributionReusesRecorded: data.reusesRecorded,
    contributionFiles,
  };
}

/** How many records of each kind an export holds (what the CLI shows before an erasure). */
export function exportCounts(data: UserDataExport | UserExportDocument): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [kind, value] of Object.entries(data)) if (Array.isArray(value)) counts[kind] = value.length;
  return counts;
}

export function isEmptyExport(data: UserDataExport | UserExportDocument): boolean {
  return Object.values(exportCounts(data)).every((n) => n === 0);
}
