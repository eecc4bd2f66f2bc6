/**
 * MongoDB reports a unique-index violation as error code 11000 (11001 on very old servers, and some
 * drivers surface only the codeName). Atomicity of nonces and upserts rests on these errors, so the
 * check is kept in one place.
 */
const DUPLICATE_KEY_CODES: ReadonlySet<number> = new Set([11000, 11001]);

export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, codeName } = err as { code?: unknown; codeName?: unknown };
  if (typeof code === 'number' && DUPLICATE_KEY_CODES.has(code)) return true;
  return codeName === 'DuplicateKey';
}

/**
 * Two concurrent upserts on the same unique key can both miss the filter and both try to insert; the
 * loser gets E11000. Running it again finds the winner's document and updates it. The server retries
 * some of these itself (4.2+, equality filters on the full index key) but not every shape, so one
 * client-side retry is kept. A second duplicate-key error is a real conflict and is thrown.
 */
export async function retryOnceOnDuplicateKey<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return operation();
  }
}
