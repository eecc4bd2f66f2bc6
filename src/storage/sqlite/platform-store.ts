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

/** A platform row with its deployments and frame origins as JSON arrays, in the order they were added. */
interface PlatformWithLists extends PlatformRow {
  deployments: string;
  origins: string;
}

/**
 * A platform and its two lists in ONE statement (a launch reads a platform at login and again at the
 * id_token; one statement is atomic by itself, where three needed a transaction around them).
 * rowid order is insertion order: lists come back in the order entries were added.
 */
const WITH_LISTS = `SELECT p.*,
    (SELECT json_group_array(deployment_id ORDER BY rowid) FROM platform_deployments d WHERE d.issuer = p.issuer AND d.client_id = p.client_id) AS deployments,
    (SELECT json_group_array(origin ORDER BY rowid) FROM platform_frame_origins o WHERE o.issuer = p.issuer AND o.client_id = p.client_id) AS origins
  FROM platforms p`;

function toRecord(row: PlatformWithLists): PlatformRecord {
  return {
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    deploymentIds: JSON.parse(row.deployments) as string[],
    frameOrigins: JSON.parse(row.origins) as string[],
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
  const selectOne = db.prepare<[string, string], PlatformWithLists>(`${WITH_LISTS} WHERE p.issuer = ? AND p.client_id = ?`);
  const selectAll = db.prepare<[], PlatformWithLists>(`${WITH_LISTS} ORDER BY p.issuer, p.client_id`);
  const exists = db.prepare('SELECT 1 FROM platforms WHERE issuer = ? AND client_id = ?');
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
      const row = selectOne.get(key.issuer, key.clientId);
      return row ? toRecord(row) : null;
    },
    async listPlatforms() {
      return selectAll.all().map(toRecord);
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
