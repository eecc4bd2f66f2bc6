/** Cursor pagination: a page of records and an opaque cursor for the next one (null at the end). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  /** Opaque cursor from a previous page (adapters encode their own position; never an offset). */
  readonly cursor?: string;
  readonly limit: number;
}
