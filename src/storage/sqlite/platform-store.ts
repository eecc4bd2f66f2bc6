import type { PlatformKey } from '../../context/tenant';
import type { PlatformRecord, PlatformStore } from '../port';
import type { SqliteDatabase } from './database';

interface PlatformRow {
  issuer: string;
  client_id: string;
  name: string;
  source: PlatformRecord['source'];
  product_family: string | null;
  registered_at: number;
  deactivated_at: number | null;
}

interface ListRow {
  issuer: string;
  client_id: string;
  value: string;
}

function keyOf(issuer: string, clientId: string): string {
  return JSON.stringify([issuer, clientId]);
}

function toRecord(row: PlatformRow, deploymentIds: string[], frameOrigins: string[]): PlatformRecord {
  return {
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    deploymentIds,
    frameOrigins,
    source: row.source,
    ...(row.product_family === null ? {} : { productFamily: row.product_family }),
    registeredAt: new Date(row.registered_at),
    ...(row.deactivated_at === null ? {} : { deactivatedAt: new Date(row.deactivated_at) }),
  };
}

export function createSqlitePlatformStore(db: SqliteDatabase): PlatformStore {
  const upsert = db.prepare(`
    INSERT INTO platforms (issuer, client_id, name, source, product_family, registered_at, deactivated_at)
    VALUES (@issuer, @clientId, @name, @source, @productFamily, @registeredAt, @deactivatedAt)
    ON CONFLICT (issuer, client_id) DO UPDATE SET
      name = excluded.name, source = excluded.source,
      product_family = excluded.product_family, registered_at = excluded.registered_at,
      deactivated_at = excluded.deactivated_at
  `);
  const clearDeployments = db.prepare('DELETE FROM platform_deployments WHERE issuer = ? AND client_id = ?');
  const clearOrigins = db.prepare('DELETE FROM platform_frame_origins WHERE issuer = ? AND client_id = ?');
  const insertDeployment = db.prepare('INSERT OR IGNORE INTO platform_deployments (issuer, client_id, deployment_id) VALUES (?, ?, ?)');
  const insertOrigin = db.prepare('INSERT OR IGNORE INTO platform_frame_origins (issuer, client_id, origin) VALUES (?, ?, ?)');
  const selectOne = db.prepare('SELECT * FROM platforms WHERE issuer = ? AND client_id = ?');
  const selectAll = db.prepare('SELECT * FROM platforms ORDER BY issuer, client_id');
  const exists = db.prepare('SELECT 1 FROM platforms WHERE issuer = ? AND client_id = ?');
  // rowid order is insertion order: lists come back in the order entries were added.
  const deploymentsOf = db.prepare('SELECT deployment_id AS value FROM platform_deployments WHERE issuer = ? AND client_id = ? ORDER BY rowid');
  const originsOf = db.prepare('SELECT origin AS value FROM platform_frame_origins WHERE issuer = ? AND client_id = ? ORDER BY rowid');
  const allDeployments = db.prepare('SELECT issuer, client_id, deployment_id AS value FROM platform_deployments ORDER BY rowid');
  const allOrigins = db.prepare('SELECT issuer, client_id, origin AS value FROM platform_frame_origins ORDER BY rowid');
  const remove = db.prepare('DELETE FROM platforms WHERE issuer = ? AND client_id = ?');

  const save = db.transaction((r: PlatformRecord) => {
    upsert.run({
      issuer: r.issuer,
      clientId: r.clientId,
      name: r.name,
      source: r.source,
      productFamily: r.productFamily ?? null,
      registeredAt: r.registeredAt.getTime(),
      deactivatedAt: r.deactivatedAt?.getTime() ?? null,
    });
    clearDeployments.run(r.issuer, r.clientId);
    clearOrigins.run(r.issuer, r.clientId);
    for (const d of r.deploymentIds) insertDeployment.run(r.issuer, r.clientId, d);
    for (const o of r.frameOrigins) insertOrigin.run(r.issuer, r.clientId, o);
  });

  const findOne = db.transaction((key: PlatformKey): PlatformRecord | null => {
    const row = selectOne.get(key.issuer, key.clientId) as PlatformRow | undefined;
    if (!row) return null;
    const deployments = (deploymentsOf.all(key.issuer, key.clientId) as { value: string }[]).map((r) => r.value);
    const origins = (originsOf.all(key.issuer, key.clientId) as { value: string }[]).map((r) => r.value);
    return toRecord(row, deployments, origins);
  });

  // Three queries for the whole list rather than two per platform.
  const findAll = db.transaction((): PlatformRecord[] => {
    const group = (rows: ListRow[]): Map<string, string[]> => {
      const byPlatform = new Map<string, string[]>();
      for (const r of rows) {
        const k = keyOf(r.issuer, r.client_id);
        const list = byPlatform.get(k);
        if (list) list.push(r.value);
        else byPlatform.set(k, [r.value]);
      }
      return byPlatform;
    };
    const deployments = group(allDeployments.all() as ListRow[]);
    const origins = group(allOrigins.all() as ListRow[]);
    return (selectAll.all() as PlatformRow[]).map((row) => {
      const k = keyOf(row.issuer, row.client_id);
      return toRecord(row, deployments.get(k) ?? [], origins.get(k) ?? []);
    });
  });

  const addTo = (insert: typeof insertDeployment) =>
    db.transaction((key: PlatformKey, value: string): boolean => {
      if (!exists.get(key.issuer, key.clientId)) return false;
      insert.run(key.issuer, key.clientId, value);
      return true;
    });
  const addDeployment = addTo(insertDeployment);
  const addOrigin = addTo(insertOrigin);

  return {
    async savePlatform(record) {
      save(record);
    },
    async findPlatform(key) {
      return findOne(key);
    },
    async listPlatforms() {
      return findAll();
    },
    async deletePlatform(key) {
      return remove.run(key.issuer, key.clientId).changes > 0;
    },
    async addDeployment(key, deploymentId) {
      return addDeployment(key, deploymentId);
    },
    async addFrameOrigin(key, origin) {
      return addOrigin(key, origin);
    },
  };
}
