/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) and Atom 1.0 (RFC 4287) read from the object
 * fast-xml-parser builds. The parser is configured so that no entity is ever expanded: documents
 * declaring entities are refused before parsing (billion laughs), the parser never loads anything
 * external (XXE), and the only references decoded are the predefined and numeric ones, by
 * feed-text.ts, in one pass.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from './feed-error';
import { decodeEntities } from './feed-text';
import type { RawEntry, RawFeed } from './raw-feed';

const ARRAY_TAGS = new Set(['item', 'entry', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
  isArray: (name) => ARRAY_TAGS.has(name),
});

type XmlNode = string | { readonly [key: string]: unknown } | undefined;

/**
 * Validating and parsing cost about 10 µs per attribute on the event loop, which every request
 * shares: a 2 MiB document of 150,000 attributes froze the tool for 1.4 s at each fetch. A feed of
 * 500 entries has a few thousand attributes and tens of thousands of elements at most, so a
 * document past these counts (CDATA text left out) is refused before the parser sees it.
 */
const MAX_ATTRIBUTES = 20_000;
const MAX_ELEMENTS = 100_000;

function checkMarkupCounts(xml: string): void {
  const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const elements = countMatches(markup, /<[^!?/]/g);
  if (elements > MAX_ELEMENTS) throw new FeedError('malformed', `more than ${MAX_ELEMENTS} elements`);
  const attributes = countMatches(markup, /[\s"'][^\s<>="'/]+\s*=\s*["']/g);
  if (attributes > MAX_ATTRIBUTES) throw new FeedError('malformed', `more than ${MAX_ATTRIBUTES} attributes`);
}

function countMatches(text: string, pattern: RegExp): number {
  let count = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text)) count++;
  return count;
}

export function readXmlFeed(xml: string): RawFeed {
  // Feeds never need a DTD's entities; a document that declares one is refused, not parsed.
  if (/<!ENTITY/i.test(xml)) throw new FeedError('malformed', 'the document declares entities');
  checkMarkupCounts(xml);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) throw new FeedError('malformed', `not well-formed XML (line ${valid.err.line}: ${valid.err.msg.slice(0, 120)})`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const rss = asObject(doc.rss);
  if (rss) return readRss(asObject(rss.channel) ?? {});
  const feed = asObject(doc.feed);
  if (feed) return readAtom(feed);
  throw new FeedError('unsupported-format', 'neither an RSS 2.0 <rss> nor an Atom <feed> document');
}

function readRss(channel: Record<string, unknown>): RawFeed {
  const language = textOf(channel.language as XmlNode) || textOf(channel['dc:language'] as XmlNode);
  return {
    title: textOf(channel.title as XmlNode),
    language,
    entries: arrayOf(channel.item).map((item): RawEntry => ({
      id: textOf(item.guid as XmlNode),
      links: Array.isArray(item.link) ? item.link.map((l: unknown) => textOf(l)) : [],
      title: textOf(item.title as XmlNode),
      summaryHtml: textOf(item.description as XmlNode) || textOf(item['content:encoded'] as XmlNode),
      language: textOf(item['dc:language'] as XmlNode),
      date: textOf(item.pubDate as XmlNode) || textOf(item['dc:date'] as XmlNode),
    })),
  };
}

function readAtom(feed: Record<string, unknown>): RawFeed {
  return {
    title: textOf(feed.title as XmlNode),
    language: attribute(feed, 'xml:lang'),
    entries: arrayOf(feed.entry).map((entry): RawEntry => ({
      id: textOf(entry.id as XmlNode),
      links: atomLinks(entry.link),
      title: textOf(entry.title as XmlNode),
      summaryHtml: textOf(entry.summary as XmlNode) || textOf(entry.content as XmlNode),
      language: attribute(entry, 'xml:lang'),
      date: textOf(entry.updated as XmlNode) || textOf(entry.published as XmlNode),
    })),
  };
}

/** RFC 4287 §4.2.7.2: the alternate link (rel absent or "alternate") is the entry's page. */
function atomLinks(raw: unknown): string[] {
  const links = (Array.isArray(raw) ? raw : []).map(asObject).filter((l): l is Record<string, unknown> => l !== null);
  const alternate = links.filter((l) => (attribute(l, 'rel') ?? 'alternate') === 'alternate');
  return [...alternate, ...links.filter((l) => !alternate.includes(l))].map((l) => attribute(l, 'href') ?? '');
}

function attribute(node: Record<string, unknown>, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? decodeEntities(value) : undefined;
}

/** A node's text: its own text (references decoded) followed by its CDATA sections (taken as written). */
function textOf(node: XmlNode | unknown): string {
  if (typeof node === 'string') return decodeEntities(node);
  const object = asObject(node);
  if (!object) return '';
  const own = object['#text'];
  const cdata = object['#cdata'];
  const parts = [typeof own === 'string' ? decodeEntities(own) : '', ...(Array.isArray(cdata) ? cdata : [cdata]).filter((c): c is string => typeof c === 'string')];
  return parts.join('');
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : []).map(asObject).filter((v): v is Record<string, unknown> => v !== null);
}
