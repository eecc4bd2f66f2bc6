import type { LtiDatabasePlugin } from '../port';
import { decryptText, encryptText } from './crypto';
import { expiryOf, parseQuery, toJsonDoc, type LtiDoc, type LtiRecordTable, type StoredLtiRecord } from './records';

/**
 * ltijs's database interface over any LtiRecordTable, reproducing the behaviour of ltijs's own
 * mongoose implementation (Utils/Database.js) that ltijs's callers rely on:
 * - Get returns false, not [], when nothing matches, and adds `createdAt` (epoch ms) to each document;
 * - with an encryption key, a record is stored as { ...index, iv, data } and Get returns the decrypted item;
 * - Replace and Modify act on the first match only (replaceOne / updateOne); Replace inserts when none;
 * - an encrypted Modify changes only the first field of the modification, as ltijs does;
 * - an unencrypted Modify skips undefined fields, as mongoose 6+ strips them from updates.
 * Driver-free: the SQLite and MongoDB adapters each give it their own table, so ltijs never opens a
 * connection of its own (with a plugin, ltijs's Provider never constructs its mongoose Database).
 */
export class LtijsDocumentPlugin implements LtiDatabasePlugin {
  constructor(
    private readonly table: LtiRecordTable,
    private readonly now: () => number = Date.now,
  ) {}

  async setup(): Promise<boolean> {
    return true;
  }

  /** ltijs calls this on shutdown; the connection belongs to the Storage, which closes it in close(). */
  async Close(): Promise<boolean> {
    return true;
  }

  async Get(encryptionKey: string | false, collection: string, query?: Record<string, unknown>): Promise<Record<string, unknown>[] | false> {
    if (!collection) throw new Error('MISSING_COLLECTION');
    const records = await this.table.find(collection, parseQuery(query), this.now());
    if (records.length === 0) return false;
    return records.map((r) => ({ ...(encryptionKey ? this.open(r, encryptionKey) : r.doc), createdAt: r.createdAt }));
  }

  async Insert(encryptionKey: string | false, collection: string, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const doc = this.seal(encryptionKey, item, index);
    const now = this.now();
    await this.table.insert(collection, doc, now, expiryOf(collection, now));
    return true;
  }

  async Replace(
    encryptionKey: string | false,
    collection: string,
    query: Record<string, unknown>,
    item: Record<string, unknown>,
    index?: Record<string, unknown>,
  ): Promise<boolean> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const where = parseQuery(query);
    const doc = this.seal(encryptionKey, item, index);
    const now = this.now();
    await this.table.replaceFirst(collection, where, doc, now, expiryOf(collection, now));
    return true;
  }

  async Modify(encryptionKey: string | false, collection: string, query: Record<string, unknown>, modification: Record<string, unknown>): Promise<boolean> {
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    const where = parseQuery(query);
    const changes = toJsonDoc(modification, 'An ltijs modification');
    await this.table.updateFirst(collection, where, this.now(), (current) => {
      if (!encryptionKey) return toJsonDoc({ ...current.doc, ...changes }, 'An ltijs document');
      const item = this.open(current, encryptionKey);
      const first = Object.keys(modification)[0];
      if (first !== undefined) item[first] = modification[first];
      return toJsonDoc({ ...current.doc, ...encryptText(JSON.stringify(item), encryptionKey) }, 'An ltijs document');
    });
    return true;
  }

  async Delete(collection: string, query: Record<string, unknown>): Promise<boolean> {
    if (!collection || !query) throw new Error('MISSING_PARAMS');
    await this.table.deleteWhere(collection, parseQuery(query));
    return true;
  }

  /**
   * Ours, not ltijs's: the matching records live until `expiresAt` (epoch ms), then vanish from Get
   * and go with the next purge. Used to keep a retired key in the keyset for a grace period.
   */
  async ExpireAt(collection: string, query: Record<string, unknown>, expiresAt: number): Promise<boolean> {
    if (!collection || !query || !Number.isFinite(expiresAt)) throw new Error('MISSING_PARAMS');
    await this.table.expireWhere(collection, parseQuery(query), expiresAt, this.now());
    return true;
  }

  async Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }> {
    return encryptText(data, secret);
  }

  async Decrypt(data: string, iv: string, secret: string): Promise<string> {
    return decryptText(data, iv, secret);
  }

  private seal(encryptionKey: string | false, item: Record<string, unknown>, index: Record<string, unknown> | undefined): LtiDoc {
    if (!encryptionKey) return toJsonDoc(item, 'An ltijs item');
    return { ...toJsonDoc(index, 'An ltijs index'), ...encryptText(JSON.stringify(item), encryptionKey) };
  }

  private open(record: StoredLtiRecord, encryptionKey: string): LtiDoc {
    const { iv, data } = record.doc;
    if (typeof iv !== 'string' || typeof data !== 'string') throw new Error('The ltijs record is not encrypted');
    return toJsonDoc(JSON.parse(decryptText(data, iv, encryptionKey)), 'A decrypted ltijs item');
  }
}
