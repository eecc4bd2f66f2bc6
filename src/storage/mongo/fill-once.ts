/**
 * A collection's one-time fill from data stored before it existed (the daily rating buckets, the
 * listening months), run at open before the process serves requests. The first process to insert the
 * collection's marker document fills; replicas starting together find the marker and go on. A fill
 * that fails releases the marker, so the next start fills instead of running with figures that miss
 * the older data. The marker has none of the key fields, so no range read ever meets it.
 */
import type { Collection } from 'mongoose';
import { isDuplicateKeyError } from './errors';

export async function fillOnce(collection: Collection, markerId: string, fill: () => Promise<unknown>): Promise<void> {
  const marker = { _id: markerId } as unknown as Parameters<Collection['insertOne']>[0];
  try {
    await collection.insertOne(marker);
  } catch (err) {
    if (isDuplicateKeyError(err)) return;
    throw err;
  }
  try {
    await fill();
  } catch (err) {
    await collection.deleteOne({ _id: markerId } as never).catch(() => undefined);
    throw err;
  }
}
