/**
 * The catalogue index held in each process's memory stays exact when another process writes to the
 * same store: two stores opened on one SQLite file (two connections, as two tool processes have),
 * a Catalogue on each; every write through one is in the other's next answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalogue } from '../../src/catalogue/catalogue-service';
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { buildAudit } from '../support/audit';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms.example', clientId: 'c', deploymentId: '1' };
const course = (id: string): ContextKey => ({ ...DEPLOYMENT, contextId: id });
const search = async (catalogue: Catalogue, text = '') => (await catalogue.indexFor(DEPLOYMENT)).index.search({ text, limit: 50, offset: 0, now: new Date() });
const titles = async (catalogue: Catalogue, text = '') => (await search(catalogue, text)).hits.map((h) => h.entry.title).sort();

let dir: string;
let a: Storage;
let b: Storage;
let now = new Date('2030-05-10T12:00:00Z');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-catalogue-exact-'));
  const file = path.join(dir, 'store.sqlite');
  a = openSqliteStorage({ file });
  b = openSqliteStorage({ file });
});
afterEach(async () => {
  await a.close();
  await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('sees in one process every course, review, setting and consultation written by the other', async () => {
  const here = new Catalogue(a, () => now);
  const there = new Catalogue(b, () => now);
  await a.catalogue.recordCourse(course('1'), { title: 'Agile project management' }, 'token-aaaaaaaaaaaaaaaaaaaa', now);
  expect(await titles(there)).toEqual(['Agile project management']);

  // A new course launched through the other process.
  await a.catalogue.recordCourse(course('2'), { title: 'Python for data analysis' }, 'token-bbbbbbbbbbbbbbbbbbbb', now);
  expect(await titles(there)).toEqual(['Agile project management', 'Python for data analysis']);

  // Reviews: the rating shows once the course's minimum (3) is reached.
  await a.settings.saveSettings(course('2'), { ...DEFAULT_SETTINGS }, buildAudit(course('2')));
  for (const [i, rating] of [5, 4, 3].entries()) {
    await a.reviews.saveReview({ item: { ...course('2'), itemId: 'course' }, author: { id: `u${i}`, name: `U${i}` }, rating: rating as 3 | 4 | 5, aspects: {}, title: '', liked: 'pandas notebooks', improve: '', status: 'published', holdReasons: [], verified: true }, now);
    const hit = (await search(there, 'python')).hits[0].entry;
    expect(hit.kind === 'course' && hit.rating?.count).toBe(i === 2 ? 3 : undefined);
  }
  expect((await search(there, 'notebooks')).hits.map((h) => h.entry.title)).toEqual(['Python for data analysis']);

  // Unlisted by its instructor through the other process: gone at once.
  await a.settings.saveSettings(course('1'), { ...DEFAULT_SETTINGS, catalogue: { listed: false, description: '', courseUrl: '', badge: true } }, buildAudit(course('1')));
  expect(await titles(there)).toEqual(['Python for data analysis']);
  expect(await titles(here)).toEqual(['Python for data analysis']);
});

it('opens and closes "help design it" on the consultation’s own dates, without any write', async () => {
  const catalogue = new Catalogue(b, () => now);
  await a.catalogue.recordCourse(course('3'), { title: 'Fire safety' }, 'token-cccccccccccccccccccc', now);
  await a.consultations.createConsultation(course('3'), { title: 'Next session', brief: 'b', questions: [], status: 'open', opensOn: '2030-05-12', closesOn: '2030-05-14' }, now);
  const open = async () => {
    const entry = (await search(catalogue)).hits[0].entry;
    return entry.kind === 'course' && entry.openConsultation;
  };
  expect(await open()).toBe(false);
  now = new Date('2030-05-12T08:00:00Z');
  expect(await open()).toBe(true);
  now = new Date('2030-05-14T23:00:00Z');
  expect(await open()).toBe(true);
  now = new Date('2030-05-15T00:00:01Z');
  expect(await open()).toBe(false);
});

it('rebuilds its index compact once updates left more dead slots than live entries, losing no change', async () => {
  const catalogue = new Catalogue(b, () => now, undefined, 0);
  for (const id of ['1', '2', '3']) await a.catalogue.recordCourse(course(id), { title: `Course ${id}` }, `token-${id}-aaaaaaaaaaaaaaaaaaa`, now);
  expect((await catalogue.indexFor(DEPLOYMENT)).index.slots).toBe(3);
  for (let round = 0; round < 5; round++) {
    await a.catalogue.recordCourse(course('1'), { title: `Course 1, edition ${round}` }, 'token-1-aaaaaaaaaaaaaaaaaaa', now);
    await catalogue.indexFor(DEPLOYMENT);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { index } = await catalogue.indexFor(DEPLOYMENT);
  expect(index.slots).toBeLessThanOrEqual(2 * index.size);
  expect(await titles(catalogue)).toEqual(['Course 1, edition 4', 'Course 2', 'Course 3']);
});
