/** Catalogue entries for the search tests: defaults plus what a test is about. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueEntry, CourseEntry, ExternalEntry } from '../../src/catalogue/catalogue-entry';
import type { RelevanceQuery } from '../../src/catalogue/search/relevance';

let next = 0;

export function buildCourseEntry(overrides: Partial<CourseEntry> = {}): CourseEntry {
  next += 1;
  return {
    kind: 'course',
    id: `c:course-${next}`,
    contextId: `course-${next}`,
    title: `Course ${next}`,
    description: '',
    language: 'en',
    updatedAt: new Date('2026-06-01T00:00:00Z'),
    excerpts: [],
    searchTexts: [],
    openConsultation: false,
    ...overrides,
  };
}

export function buildExternalEntry(overrides: Partial<ExternalEntry> = {}): ExternalEntry {
  next += 1;
  return {
    kind: 'external',
    id: `x:feed:${next}`,
    sourceId: 'feed',
    sourceName: 'Feed',
    url: `https://feed.example/${next}`,
    title: `External ${next}`,
    description: '',
    updatedAt: new Date('2026-06-01T00:00:00Z'),
    ...overrides,
  };
}

const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'catalogue-relevance');

/** The hand-written relevance catalogue (dates revived). */
export function relevanceCatalogue(): CatalogueEntry[] {
  const raw = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'catalogue.json'), 'utf8')) as Array<CatalogueEntry & { updatedAt: string }>;
  return raw.map((entry) => ({ ...entry, updatedAt: new Date(entry.updatedAt) }) as CatalogueEntry);
}

export function relevanceQueries(): Record<'en' | 'fr', RelevanceQuery[]> {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'queries.json'), 'utf8')) as Record<'en' | 'fr', RelevanceQuery[]>;
}
