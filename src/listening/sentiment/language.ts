/**
 * A cheap guess at a text's language, for texts that come without one (a mention from a feed, a
 * review whose launch gave no locale): count the words that only French or only English writes
 * often; a tie keeps the language the caller expected (the page's).
 */
import { fold } from '../../catalogue/search/search-text';
import type { Lang } from './modifiers';

const FRENCH = new Set(
  'le la les des du de un une et est sont pas tres avec pour dans sur mais que qui je nous vous il elle ce cette ces au aux etait ete tout trop bien formation formateur'.split(' '),
);
const ENGLISH = new Set(
  'the a an and is are was were not very with for in on but that which i we you he she it this these to of too well course trainer'.split(' '),
);

export function detectLanguage(text: string, expected: Lang): Lang {
  let french = 0, english = 0;
  for (const [word] of text.matchAll(/[\p{L}]+/gu)) {
    const folded = fold(word);
    if (FRENCH.has(folded)) french++;
    if (ENGLISH.has(folded)) english++;
  }
  if (/[éèêàùçœ]/i.test(text)) french++;
  return french > english ? 'fr' : english > french ? 'en' : expected;
}
