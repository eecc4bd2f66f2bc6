/**
 * A feed as its format reader found it, before the common rules of feed-parser.ts (plain text,
 * caps, URL resolution, dropping entries without a usable link) make FeedEntry values of it.
 */
export interface RawEntry {
  readonly id?: string;
  /** Candidate links, best first. */
  readonly links: readonly string[];
  readonly title?: string;
  /** HTML or plain text. */
  readonly summaryHtml?: string;
  readonly language?: string;
  readonly date?: string;
}

export interface RawFeed {
  readonly title?: string;
  readonly language?: string;
  readonly entries: readonly RawEntry[];
}
