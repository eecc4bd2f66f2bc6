/**
 * Data-protection export and erasure (src/data-protection/) include contributions and their files:
 * the export carries the file's bytes, the erasure removes the contribution, its file and the
 * person's marks, comments and reports, and leaves other people's and other platforms' alone.
 */
import { Readable } from 'node:stream';
import { eraseUser } from '../../src/data-protection/erase-user';
import { exportCounts, exportUser } from '../../src/data-protection/export-user';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import type { ContributionWrite } from '../../src/storage/ports/contributions';

const COURSE = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const OTHER_PLATFORM = { ...COURSE, issuer: 'https://lms-b.example' };
const T0 = new Date('2030-01-15T10:00:00.000Z');
const USER = { issuer: COURSE.issuer, clientId: COURSE.clientId, userId: 'anna' };
const write = (file?: ContributionWrite['file']): ContributionWrite => ({
  title: 'Tip', text: 'Text', licence: 'cc-by-sa-4.0', consentToReuse: true, credit: { byName: true, name: 'Anna' }, status: 'published', holdReasons: [], ...(file ? { file } : {}),
});

it('exports the person’s contributions with their file bytes, and erasure removes the contributions, the files and their marks elsewhere', async () => {
  const storage = openSqliteStorage({ file: ':memory:' });
  try {
    const saved = await storage.contributionFiles.saveFile(Readable.from([Buffer.from('my checklist')]), { maxBytes: 100 });
    const file = { id: saved.id, name: 'list.txt', contentType: 'text/plain', size: saved.size, sha256: saved.sha256 };
    const annas = await storage.contributions.createContribution(COURSE, { id: 'anna', name: 'Anna' }, write(file), T0);
    const bens = await storage.contributions.createContribution(COURSE, { id: 'ben', name: 'Ben' }, write(), T0);
    await storage.contributions.setUseful(COURSE, bens.id, 'anna', true, T0);
    const elsewhere = await storage.contributions.createContribution(OTHER_PLATFORM, { id: 'anna', name: 'Anna B' }, write(), T0);

    const exported = await exportUser(storage, USER, { visitorSecret: 'secret-for-tests-0123456789abcdef', now: T0 });
    expect(exported.contributions.map((c) => c.id)).toEqual([annas.id]);
    expect(exported.contributionFiles).toEqual([{ contributionId: annas.id, name: 'list.txt', contentType: 'text/plain', sha256: saved.sha256, base64: Buffer.from('my checklist').toString('base64') }]);
    expect(exportCounts(exported)).toMatchObject({ contributions: 1, contributionUsefulMarks: 1, contributionFiles: 1 });

    const outcome = await eraseUser(storage, USER, { visitorSecret: 'secret-for-tests-0123456789abcdef', now: T0 });
    expect(outcome.contributions).toEqual([{ course: COURSE, contributions: 1, usefulMarks: 1, comments: 0, reports: 0 }]);
    expect(await storage.contributions.findContribution(COURSE, annas.id)).toBeNull();
    expect(await storage.contributionFiles.openFile(saved.id)).toBeNull();
    expect((await storage.contributions.findContribution(COURSE, bens.id))?.usefulCount).toBe(0);
    expect(await storage.contributions.findContribution(OTHER_PLATFORM, elsewhere.id)).not.toBeNull();
    const after = await exportUser(storage, USER, { visitorSecret: 'secret-for-tests-0123456789abcdef', now: T0 });
    expect(after.contributions).toEqual([]);
  } finally {
    await storage.close();
  }
});
