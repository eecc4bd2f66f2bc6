/**
 * Ids for a chart's <title> and <desc>. aria-labelledby needs ids unique in the page, and several
 * charts share a page (one per aspect, a sparkline per course), so the default id is a hash of what
 * the chart says: two charts with different titles or data get different ids without the presenter
 * counting. A presenter can still pass its own id (two identical charts on one page).
 */
export function chartId(kind: string, parts: readonly string[], explicit?: string): string {
  if (explicit !== undefined) {
    // Kept to characters safe in an id and in a CSS selector: ids come from presenters, not users.
    if (!/^[A-Za-z][\w-]{0,63}$/.test(explicit)) throw new RangeError(`chart id ${JSON.stringify(explicit)} is not a plain id`);
    return explicit;
  }
  // FNV-1a, 32 bits: cheap and well spread; collisions between a page's few charts are negligible.
  let hash = 0x811c9dc5;
  for (const char of [kind, ...parts].join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${kind}-${hash.toString(36)}`;
}
