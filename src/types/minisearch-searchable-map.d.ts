/**
 * MiniSearch 7 exposes its radix tree as the subpath 'minisearch/SearchableMap' through package.json
 * "exports", which this project's moduleResolution ("node") does not read for types; Node resolves
 * it at run time. These cover only the methods the catalogue vocabulary uses
 * (node_modules/minisearch/dist/cjs/SearchableMap.d.cts has the full class).
 */
declare module 'minisearch/SearchableMap' {
  export default class SearchableMap<T = unknown> {
    constructor();
    get(key: string): T | undefined;
    has(key: string): boolean;
    set(key: string, value: T): this;
    delete(key: string): void;
    get size(): number;
    entries(): IterableIterator<[string, T]>;
    /** The entries whose key starts with `prefix`. */
    atPrefix(prefix: string): SearchableMap<T>;
    /** Keys within `maxEditDistance` (Levenshtein) of `key`, each with its value and distance. */
    fuzzyGet(key: string, maxEditDistance: number): Map<string, [T, number]>;
  }
}
