/**
 * Finds contact details in learners' text: e-mail addresses, web addresses and phone numbers.
 *
 * Each finder returns the spans it found so that the caller can blank them out before running the
 * next one: an e-mail's domain is not also a link, and the digits of a link are not a phone number.
 * The finders work on `prepareText`'s output (compatibility forms unified, case kept), and their
 * spans index that string. Case is kept because capitalisation is one of the clues that tell
 * "end.It" from a domain.
 */
import { AMBIGUOUS_TLDS, KNOWN_TLDS } from './tlds';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Full-width letters and digits made plain; no-break and thin spaces made ordinary spaces. */
export function prepareText(text: string): string {
  // Spans index this prepared string, not the original: callers mask and search the same string.
  return text.normalize('NFKC').replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/gu, ' ');
}

/** Replaces each span with spaces, keeping every other character where it was. */
export function maskSpans(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

function isKnownTld(tld: string): boolean {
  return KNOWN_TLDS.has(tld.toLowerCase());
}

/**
 * A top-level domain written with a capital and then lower case ("end.It", "course.Com") is the
 * start of a sentence after a missing space, not a domain; all capitals ("EXAMPLE.COM") is a domain.
 */
function looksLikeSentenceStart(tld: string): boolean {
  return /^\p{Lu}\p{Ll}*$/u.test(tld);
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses

/** Words that are never the domain of an address spelled out in words ("looked at the dot com bubble"). */
const COMMON_WORDS = new Set([
  'the', 'a', 'an', 'this', 'that', 'my', 'your', 'our', 'their', 'his', 'her', 'its', 'home', 'work',
  'le', 'la', 'les', 'un', 'une', 'mon', 'ton', 'son', 'ma', 'ta', 'sa', 'nos', 'vos', 'leur',
]);

const LOCAL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}._%+\-]*[\p{L}\p{N}])?`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const OPEN = String.raw`[(\[{<]`;
const CLOSE = String.raw`[)\]}>]`;
/** "@", "(at)", "[arobase]", " at ", " arobase ", with or without spaces around. */
const AT = String.raw`(?<at>\s*@\s*|\s*${OPEN}\s*(?:at|arobase|@)\s*${CLOSE}\s*|\s+(?:at|arobase)\s+)`;
/** ".", " . ", "(dot)", "[point]", " dot ", " point ". */
const DOT = String.raw`(?:\s*\.\s*|\s*${OPEN}\s*(?:dot|point|\.)\s*${CLOSE}\s*|\s+(?:dot|point)\s+)`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+\-])(?<local>${LOCAL})${AT}(?<domain>${LABEL}(?:${DOT}${LABEL})*?)(?<lastdot>${DOT})(?<tld>\p{L}{2,24})(?![\p{L}\p{N}\-])`,
  'giu',
);

function emailIsPlausible(groups: Record<string, string | undefined>): boolean {
  const at = (groups.at ?? '').trim().toLowerCase();
  const tld = groups.tld ?? '';
  const lastDot = (groups.lastdot ?? '').toLowerCase();
  const domain = (groups.domain ?? '').toLowerCase();
  if (!isKnownTld(tld)) return false;
  const plainAt = at === '@' || /^[(\[{<]/u.test(at);
  if (plainAt) return true;
  // The bare words "at" and "arobase" need more evidence than "@": the domain is not a common
  // word, and the top-level domain does not read as the next sentence or an ordinary word.
  const firstLabel = domain.split(/[^\p{L}\p{N}-]+/u)[0] ?? '';
  if (COMMON_WORDS.has(firstLabel)) return false;
  if (looksLikeSentenceStart(tld)) return false;
  if (at === 'arobase') return true;
  // "at": an English spelling, so the dot is "." or "dot" (not " . " or "point", which turn
  // "the answer at the end point is" into an address).
  if (/\bpoint\b/u.test(lastDot) || /^\s+\.|\.\s+$/u.test(lastDot)) return false;
  if (AMBIGUOUS_TLDS.has(tld.toLowerCase())) return false;
  // "look at example.com" is a link, not an address: with a real dot, the part before "at" must
  // look like a mailbox name ("jean.dupont", "j_doe42") rather than a word.
  if (lastDot.trim() === '.' && !/[._%+\-\d]/u.test(groups.local ?? '')) return false;
  return true;
}

export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  EMAIL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = EMAIL.exec(text)) !== null) {
    if (match.groups && emailIsPlausible(match.groups)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    } else {
      // Retry from the next character: a rejected "looked at the ..." may hide a real address later.
      EMAIL.lastIndex = match.index + 1;
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Web addresses

const SCHEME_URL = /\b(?:https?|ftp):\/\/[^\s<>"]+/giu;
const WWW_URL = /(?<![\p{L}\p{N}_.\-])www\d{0,3}\.[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*[^\s<>"]*/giu;
/** "example[.]com", "example (dot) fr": written to dodge link filters, so it is a link. */
const BRACKETED_DOT = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.\-])${LABEL}\s*${OPEN}\s*(?:\.|dot|point)\s*${CLOSE}\s*(?<tld>\p{L}{2,24})(?![\p{L}\p{N}\-])`,
  'giu',
);
const IPV4 = /(?<![\p{L}\p{N}.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\p{N}]|\.\p{N})(?::\d{1,5})?(?:\/[^\s<>"]*)?/gu;
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_@.\-])(?<labels>(?:${LABEL}\.)+)(?<tld>\p{L}{2,24})(?![\p{L}\p{N}_\-]|\.[\p{L}\p{N}])(?<rest>(?::\d{1,5})?(?:\/[^\s<>"]*)?)`,
  'giu',
);

/** Product and technology names that are written like domains. */
const NOT_DOMAINS = new Set(['asp.net', 'ado.net', 'vb.net', 'socket.io']);

function domainIsPlausible(groups: Record<string, string | undefined>): boolean {
  const labels = (groups.labels ?? '').slice(0, -1).split('.');
  const tld = groups.tld ?? '';
  const rest = groups.rest ?? '';
  if (!isKnownTld(tld)) return false;
  if (NOT_DOMAINS.has(`${labels.join('.')}.${tld}`.toLowerCase())) return false;
  // The label before the top-level domain names something: "1.De" or "2025.it" do not.
  const name = labels[labels.length - 1] ?? '';
  if (!/\p{L}/u.test(name)) return false;
  if (rest.length > 0) return true;
  if (looksLikeSentenceStart(tld)) return false;
  return labels.length >= 2 || !AMBIGUOUS_TLDS.has(tld.toLowerCase());
}

function allSpans(pattern: RegExp, text: string, accept: (match: RegExpExecArray) => boolean = () => true): Span[] {
  const spans: Span[] = [];
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (accept(match)) spans.push({ start: match.index, end: match.index + match[0].length });
    else pattern.lastIndex = match.index + 1;
  }
  return spans;
}

/** Version numbers ("v1.2.3.4", "version 10.0.0.1") are shaped like IPv4 addresses. */
function isVersionNumber(text: string, at: number): boolean {
  return /(?:\bv|\bversion\s*|\bver\.?\s*)$/iu.test(text.slice(Math.max(0, at - 10), at));
}

export function findLinks(text: string): Span[] {
  return [
    ...allSpans(SCHEME_URL, text),
    ...allSpans(WWW_URL, text),
    ...allSpans(BRACKETED_DOT, text, (m) => isKnownTld(m.groups?.tld ?? '')),
    ...allSpans(IPV4, text, (m) => !isVersionNumber(text, m.index)),
    ...allSpans(BARE_DOMAIN, text, (m) => m.groups !== undefined && domainIsPlausible(m.groups)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

const SEP = '[ .\\-]';
/** Not inside a longer group of digits: no digit just before, even across one separator. */
const NOT_AFTER_DIGITS = String.raw`(?<!\p{N}${SEP}?)`;
const NOT_BEFORE_DIGITS = String.raw`(?!${SEP}?\p{N})`;

/**
 * "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+44 20 7946 0958", "+1 (555) 123-4567":
 * a country prefix, then digits with single separators or brackets.
 */
const INTERNATIONAL = new RegExp(
  String.raw`${NOT_AFTER_DIGITS}(?<![\p{L}+])(?:\+\s?|00\s?)\(?[1-9](?:[ .\-()]{0,2}\d)+${NOT_BEFORE_DIGITS}`,
  'gu',
);

/**
 * National numbers with a trunk "0", as written in France, Belgium, Switzerland, the UK,
 * Ireland: "06 12 34 56 78", "06.12.34.56.78", "0612345678", "020 7946 0958", "0 800 123 456".
 */
const TRUNK_ZERO = new RegExp(
  // Separators are required between groups (or absent altogether): optional ones would let the
  // engine try every way of cutting a long run of digits into groups.
  String.raw`${NOT_AFTER_DIGITS}(?<!\p{L})0(?:\d{8,10}|(?:[1-9]\d{0,4}|${SEP}[1-9]\d{2})(?:${SEP}\d{2,6})+)${NOT_BEFORE_DIGITS}`,
  'gu',
);

/**
 * North American numbers: "(555) 123-4567", "555-123-4567", "555.123.4567", "1-800-555-0199".
 * The exchange code is not checked (fictional "555 123" numbers are what people paste in examples).
 */
const NORTH_AMERICAN = new RegExp(
  String.raw`${NOT_AFTER_DIGITS}(?<![\p{L}+])(?:1${SEP}?)?(?:\(\s?[2-9]\d{2}\s?\)|[2-9]\d{2})\s?${SEP}?\s?\d{3}${SEP}?\d{4}${NOT_BEFORE_DIGITS}`,
  'gu',
);

/** Dates inside a digit group ("01.03.2025 14", "2025-03-01 10") are not phone numbers. */
const DATE_INSIDE = /(?:^|\D)(?:\d{1,2}([ ./\-])\d{1,2}\1(?:19|20)\d{2}|(?:19|20)\d{2}([ ./\-])\d{1,2}\2\d{1,2})(?!\d)/u;

/** Amounts and percentages: digits right before a currency or "%", or right after a currency sign. */
function isAmount(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 12);
  const before = text.slice(Math.max(0, start - 2), start);
  return /^\s?(?:%|€|\$|£|¥|eur\b|euros?\b|usd\b|gbp\b|cad\b|chf\b|dollars?\b|livres?\b|pounds?\b)/iu.test(after) || /[€$£¥]\s?$/u.test(before);
}

function digitCount(candidate: string): number {
  return (candidate.match(/\d/gu) ?? []).length;
}

function phoneSpans(pattern: RegExp, text: string, accept: (candidate: string) => boolean): Span[] {
  return allSpans(pattern, text, (m) => {
    const candidate = m[0];
    if (DATE_INSIDE.test(candidate)) return false;
    if (isAmount(text, m.index, m.index + candidate.length)) return false;
    return accept(candidate);
  });
}

/**
 * `locale` decides one thing: a bare run of ten digits without any separator ("5551234567") is
 * taken for a North American number in English, where that is how such numbers are often typed,
 * but not in French, where numbers are written in pairs and a bare run is more often a file or
 * student number.
 */
export function findPhones(text: string, locale: 'en' | 'fr'): Span[] {
  return [
    ...phoneSpans(INTERNATIONAL, text, (c) => {
      // The "00" international prefix and a "(0)" trunk mark are not part of the number.
      const digits = digitCount(c.replace(/^00/u, '').replace(/\(0\)/gu, ''));
      return digits >= 9 && digits <= 15;
    }),
    ...phoneSpans(TRUNK_ZERO, text, (c) => {
      const digits = digitCount(c);
      return digits >= 9 && digits <= 11;
    }),
    ...phoneSpans(NORTH_AMERICAN, text, (c) => locale === 'en' || /[^\d]/u.test(c)),
  ];
}
