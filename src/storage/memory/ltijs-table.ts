import { matchesQuery, type FieldCondition, type LtiDoc, type LtiRecordTable, type StoredLtiRecord } from '../ltijs/records';

interface MemoryRecord {
  readonly collection: string;
  doc: LtiDoc;
  createdAt: number;
  expiresAt: number | null;
}

/** Deep copy so that callers can never mutate what is stored, as with a real database. */
function copy(doc: LtiDoc): LtiDoc {
  return structuredClone(doc);
}

/** ltijs records in a Map; ids grow, and Maps iterate in insertion order, so "oldest first" is free. */
export class MemoryLtiRecordTable implements LtiRecordTable {
  private readonly records = new Map<number, MemoryRecord>();
  private nextId = 1;

  constructor(private readonly assertOpen: () => void = () => undefined) {}

  find(collection: string, where: readonly FieldCondition[], now: number, limit?: number): StoredLtiRecord[] {
    this.assertOpen();
    const found: StoredLtiRecord[] = [];
    for (const [id, r] of this.records) {
      if (limit !== undefined && found.length >= limit) break;
      if (r.collection !== collection || (r.expiresAt !== null && r.expiresAt <= now) || !matchesQuery(r.doc, where)) continue;
      found.push({ id, doc: copy(r.doc), createdAt: r.createdAt });
    }
    return found;
  }

  insert(collection: string, doc: LtiDoc, createdAt: number, expiresAt: number | null): void {
    this.assertOpen();
    this.records.set(this.nextId++, { collection, doc: copy(doc), createdAt, expiresAt });
  }

  replace(id: number, doc: LtiDoc, createdAt: number, expiresAt: number | null): void {
    this.assertOpen();
    const r = this.records.get(id);
    if (r) Object.assign(r, { doc: copy(doc), createdAt, expiresAt });
  }

  update(id: number, doc: LtiDoc): void {
    this.assertOpen();
    const r = this.records.get(id);
    if (r) r.doc = copy(doc);
  }

  deleteWhere(collection: string, where: readonly FieldCondition[]): void {
    this.assertOpen();
    for (const [id, r] of this.records) {
      if (r.collection === collection && matchesQuery(r.doc, where)) this.records.delete(id);
    }
  }

  deleteExpired(now: number): void {
    for (const [id, r] of this.records) {
      if (r.expiresAt !== null && r.expiresAt <= now) this.records.delete(id);
    }
  }

  /** JavaScript runs the synchronous function to completion: nothing can interleave. */
  atomically<T>(fn: () => T): T {
    return fn();
  }
}
