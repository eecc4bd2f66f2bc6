import { randomBytes } from 'node:crypto';
import type { DeploymentKey } from '../../context/tenant';
import type { ExternalSource, ExternalSourceStore, FetchRecord, SourceEntry, StoredFeedEntry } from '../ports/external-sources';
import type { SqliteDatabase } from './database';
import { feedPollStateOf, type FeedPollStateRow } from './feed-poll-state';

const DEPLOYMENT_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId';

/** Query texts the plan test in test/storage/sqlite.test.ts checks: each is one index range. */
export const LIST_SOURCES_SQL = `SELECT * FROM external_sources WHERE ${DEPLOYMENT_MATCH} ORDER BY added_at, id`;
export const DUE_SOURCES_SQL = 'SELECT * FROM external_sources WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit';
export const LIST_ENTRIES_SQL = `SELECT * FROM external_entries WHERE ${DEPLOYMENT_MATCH} ORDER BY source_id, position`;

interface SourceRow extends FeedPollStateRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  name: string;
  url: string;
  language: string | null;
  added_at: number;
  added_by: string;
  entry_count: number;
}

interface EntryRow {
  source_id: string;
  entry_key: string;
  title: string;
  summary: string;
  url: string;
  language: string | null;
  updated_at: number | null;
}

const deploymentParams = (d: DeploymentKey) => ({ issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId });

function toSource(row: SourceRow): ExternalSource {
  return {
    id: row.id,
    deployment: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id },
    name: row.name,
    url: row.url,
    ...(row.language !== null ? { language: row.language } : {}),
    addedAt: new Date(row.added_at),
    addedBy: row.added_by,
    ...feedPollStateOf(row),
    entryCount: row.entry_count,
  };
}

function toEntry(row: EntryRow): SourceEntry {
  return {
    sourceId: row.source_id,
    key: row.entry_key,
    title: row.title,
    summary: row.summary,
    url: row.url,
    ...(row.language !== null ? { language: row.language } : {}),
    ...(row.updated_at !== null ? { updatedAt: new Date(row.updated_at) } : {}),
  };
}

export function createSqliteExternalSourceStore(db: SqliteDatabase): ExternalSourceStore {
  const insertSource = db.prepare(`
    INSERT INTO external_sources (id, issuer, client_id, deployment_id, name, url, language, added_at, added_by, next_attempt_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @name, @url, @language, @now, @addedBy, @now)
    ON CONFLICT (issuer, client_id, deployment_id, url) DO NOTHING`);
  const selectOne = db.prepare(`SELECT * FROM external_sources WHERE id = @id AND ${DEPLOYMENT_MATCH}`);
  const selectById = db.prepare('SELECT * FROM external_sources WHERE id = ?');
  const listSources = db.prepare(LIST_SOURCES_SQL);
  const dueSources = db.prepare(DUE_SOURCES_SQL);
  const listEntries = db.prepare(LIST_ENTRIES_SQL);
  const deleteSource = db.prepare(`DELETE FROM external_sources WHERE id = @id AND ${DEPLOYMENT_MATCH}`);
  const claimSet = 'UPDATE external_sources SET next_attempt_at = @leaseUntil, leased_until = @leaseUntil, last_attempt_at = @now WHERE id = @id';
  const claimDue = db.prepare(`${claimSet} AND next_attempt_at <= @now`);
  const claimUnleased = db.prepare(`${claimSet} AND (leased_until IS NULL OR leased_until <= @now)`);
  const recordSuccess = db.prepare(`
    UPDATE external_sources SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, consecutive_failures = 0,
      next_attempt_at = @next, leased_until = NULL, etag = @etag, last_modified = @lastModified, entry_count = @entryCount
    WHERE id = @id`);
  const recordNotModified = db.prepare(`
    UPDATE external_sources SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, consecutive_failures = 0,
      next_attempt_at = @next, leased_until = NULL, etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified)
    WHERE id = @id`);
  const recordFailure = db.prepare(`
    UPDATE external_sources SET last_attempt_at = @at, last_error = @error, consecutive_failures = consecutive_failures + 1, next_attempt_at = @next, leased_until = NULL
    WHERE id = @id`);
  const deleteEntries = db.prepare('DELETE FROM external_entries WHERE source_id = ?');
  const insertEntry = db.prepare(`
    INSERT INTO external_entries (source_id, position, issuer, client_id, deployment_id, entry_key, title, summary, url, language, updated_at)
    VALUES (@sourceId, @position, @issuer, @clientId, @deploymentId, @key, @title, @summary, @url, @language, @updatedAt)`);
  const bumpVersion = db.prepare(`
    INSERT INTO external_source_versions (issuer, client_id, deployment_id, version) VALUES (@issuer, @clientId, @deploymentId, 1)
    ON CONFLICT (issuer, client_id, deployment_id) DO UPDATE SET version = version + 1`);
  const selectVersion = db.prepare(`SELECT version FROM external_source_versions WHERE ${DEPLOYMENT_MATCH}`).pluck();

  const add = db.transaction((params: Record<string, unknown>): boolean => {
    if (insertSource.run(params).changes === 0) return false;
    bumpVersion.run(params);
    return true;
  });
  const remove = db.transaction((params: Record<string, unknown>): boolean => {
    if (deleteSource.run(params).changes === 0) return false;
    bumpVersion.run(params);
    return true;
  });
  const replaceEntries = db.transaction((id: string, record: Extract<FetchRecord, { kind: 'success' }>): boolean => {
    const row = selectById.get(id) as SourceRow | undefined;
    if (!row) return false;
    recordSuccess.run({ id, at: record.at.getTime(), next: record.nextAttemptAt.getTime(), etag: record.etag ?? null, lastModified: record.lastModified ?? null, entryCount: record.entries.length });
    deleteEntries.run(id);
    const deployment = { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id };
    record.entries.forEach((entry: StoredFeedEntry, position) =>
      insertEntry.run({ sourceId: id, position, ...deployment, key: entry.key, title: entry.title, summary: entry.summary, url: entry.url, language: entry.language ?? null, updatedAt: entry.updatedAt?.getTime() ?? null }),
    );
    bumpVersion.run(deployment);
    return true;
  });

  return {
    async addSource(input, now) {
      const id = randomBytes(12).toString('base64url');
      const params = { id, ...deploymentParams(input.deployment), name: input.name, url: input.url, language: input.language ?? null, now: now.getTime(), addedBy: input.addedBy };
      return add(params) ? toSource(selectById.get(id) as SourceRow) : null;
    },
    async listSources(deployment) {
      return (listSources.all(deploymentParams(deployment)) as SourceRow[]).map(toSource);
    },
    async findSource(deployment, id) {
      if (typeof id !== 'string') return null;
      const row = selectOne.get({ id, ...deploymentParams(deployment) }) as SourceRow | undefined;
      return row ? toSource(row) : null;
    },
    async removeSource(deployment, id) {
      if (typeof id !== 'string') return false;
      return remove({ id, ...deploymentParams(deployment) });
    },
    async dueSources(now, limit) {
      return (dueSources.all({ now: now.getTime(), limit }) as SourceRow[]).map(toSource);
    },
    async claimSource(id, now, leaseUntil, options = {}) {
      const statement = options.evenIfNotDue ? claimUnleased : claimDue;
      return statement.run({ id, now: now.getTime(), leaseUntil: leaseUntil.getTime() }).changes === 1;
    },
    async recordFetch(id, record) {
      switch (record.kind) {
        case 'success':
          return replaceEntries(id, record);
        case 'not-modified':
          return recordNotModified.run({ id, at: record.at.getTime(), next: record.nextAttemptAt.getTime(), etag: record.etag ?? null, lastModified: record.lastModified ?? null }).changes === 1;
        case 'failure':
          return recordFailure.run({ id, at: record.at.getTime(), next: record.nextAttemptAt.getTime(), error: record.error }).changes === 1;
      }
    },
    async listEntries(deployment) {
      return (listEntries.all(deploymentParams(deployment)) as EntryRow[]).map(toEntry);
    },
    async sourcesVersion(deployment) {
      return (selectVersion.get(deploymentParams(deployment)) as number | undefined) ?? 0;
    },
  };
}
