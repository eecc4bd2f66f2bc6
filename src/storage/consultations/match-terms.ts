/**
 * The words that make two idea titles "look similar": lower case, accents removed, common words of
 * the language dropped, and plurals folded to the singular by a few suffix rules. Deliberately
 * simple: it only has to suggest existing ideas while someone types, and every adapter must agree.
 * SQLite indexes these terms in FTS5 and the memory fake compares them directly; MongoDB uses its
 * own $text stemmer with the idea's language instead.
 */
import type { Locale } from '../../context/launch-context';

const STOP_WORDS: Record<Locale, ReadonlySet<string>> = {
  en: new Set(
    'a an and are as at be but by can could do does for from have how i if in into is it its more most my no not of on or our should so some that the their them then there these they this to too was we what when which who why will with would you your'.split(' '),
  ),
  fr: new Set(
    'a au aux avec ce ces cette dans de des du elle en est et etre il ils je la le les leur leurs lui mais me mes moi mon ne nos notre nous on ou par pas plus pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous y d l j c s n m t qu'.split(' '),
  ),
};

function singular(word: string, language: Locale): string {
  if (word.length <= 3) return word;
  if (language === 'en' && word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (language === 'fr' && word.endsWith('eaux')) return word.slice(0, -1);
  if (language === 'fr' && word.endsWith('aux') && word.length > 4) return word.slice(0, -3) + 'al';
  if (word.endsWith('ss')) return word;
  if (word.endsWith('s') || (language === 'fr' && word.endsWith('x'))) return word.slice(0, -1);
  return word;
}

/** Distinct terms of `text`, in order of first appearance. */
export function matchTerms(text: string, language: Locale): string[] {
  const folded = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP_WORDS[language].has(w));
  return [...new Set(words.map((w) => singular(w, language)))];
}
