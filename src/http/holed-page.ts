/**
 * A page rendered once with named holes, then filled for each viewer. The reviews panel renders what
 * every learner of a course sees alike (summary, list of reviews, blank form) once per course
 * generation, and fills in per request only what is personal: session id, CSRF token, header, own
 * review, helpful/report state. Rendering the whole page cost ~1.3 ms of CPU per view; filling costs
 * a few microseconds.
 *
 * Templates do not know about holes: they call `slot(name, render, arg)` for personal sections and
 * read personal values (chrome.csrfToken, the session part of chrome.base) as usual. The holed render
 * passes a `slot` that prints a marker instead, and marker strings as those values. Markers carry a
 * random per-process prefix of letters and digits, which escaping leaves intact and which no user text
 * can contain by chance or by design (it is never shown to anyone).
 */
import { randomBytes } from 'node:crypto';

const PREFIX = `lvhole${randomBytes(12).toString('hex')}`;
const MARKER = new RegExp(`${PREFIX}([a-z][a-z-]*)~([A-Za-z0-9_-]*)~`, 'g');
const SAFE_ARG = /^[A-Za-z0-9_-]*$/;

/** The text a template prints where hole `name` (with an optional id-like `arg`) goes. */
export function holeMarker(name: string, arg = ''): string {
  if (!SAFE_ARG.test(arg)) throw new Error(`hole argument must be letters, digits, - or _: ${arg}`);
  return `${PREFIX}${name}~${arg}~`;
}

export interface Hole {
  readonly name: string;
  readonly arg: string;
}

/** Text as UTF-8 bytes (encoded once, when the page is cached) and holes, in page order. */
export type HoledPage = ReadonlyArray<Buffer | Hole>;

/** Bytes of a page's text parts: what a cache of holed pages holds outside the V8 heap. */
export function holedPageBytes(page: HoledPage): number {
  let bytes = 0;
  for (const part of page) if (Buffer.isBuffer(part)) bytes += part.length;
  return bytes;
}

export function splitHoles(html: string): HoledPage {
  const parts: Array<Buffer | Hole> = [];
  let last = 0;
  for (const match of html.matchAll(MARKER)) {
    if (match.index > last) parts.push(Buffer.from(html.slice(last, match.index)));
    parts.push({ name: match[1], arg: match[2] });
    last = match.index + match[0].length;
  }
  if (last < html.length) parts.push(Buffer.from(html.slice(last)));
  return parts;
}

/**
 * What fills a hole: text (already HTML, escaped by whoever made it), the same as bytes (for values
 * repeated in every form, encoded once per request), another holed page, or nothing (an error).
 */
export type HoleFilling = string | Buffer | HoledPage | undefined;
export type Filler = (hole: Hole) => HoleFilling;

/**
 * The filled page as one buffer. A hole the filler leaves undefined is an error: a page
 * half-personalised is worse than none. (Writing the chunks corked instead of copying them into one
 * buffer measured slower: ~60 writes cost more than one 50 KB copy.)
 */
export function fillHoles(page: HoledPage, fill: Filler): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  const walk = (parts: HoledPage): void => {
    for (const part of parts) {
      if (Buffer.isBuffer(part)) {
        chunks.push(part);
        length += part.length;
        continue;
      }
      const filling = fill(part);
      if (filling === undefined) throw new Error(`no filling for hole ${part.name}(${part.arg})`);
      if (typeof filling === 'string' || Buffer.isBuffer(filling)) {
        const bytes = typeof filling === 'string' ? Buffer.from(filling) : filling;
        chunks.push(bytes);
        length += bytes.length;
      } else walk(filling);
    }
  };
  walk(page);
  return Buffer.concat(chunks, length);
}
