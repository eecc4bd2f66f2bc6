/**
 * How the catalogue search reads text, the same way for what is indexed and what is typed: words
 * folded to lower case without accents ("Évaluation" → "evaluation"), function words of English and
 * French dropped, and each word reduced to a light stem, under which it is indexed, so that plurals
 * and regular endings meet ("formations"/"formation", "managers"/"management"/"manage",
 * "analyses"/"analysis", "données"/"donnee", "running"/"run", "sécurité"/"security").
 *
 * One stemmer for both languages, not one per language: the query's language is unknown (a French
 * learner may type "excel formulas"), and entries without a language must be found too, so the
 * same rule must run on both sides. The rules are ours rather than a library's: the well-kept
 * stemmers (Snowball's ports) stem one language at a time, so they need the query's language, and
 * the few endings below are enough for short catalogue texts (98.8 % on
 * test/fixtures/catalogue-relevance), with one more: "security" and "sécurité" share a stem. The ideas' matchTerms (storage/consultations) is not reused:
 * it is per language and drops verbs that matter in a course title ("make", "faire").
 */

/** A word of a text, where it stands in the original string (to highlight it), and its folded form. */
export interface TextWord {
  readonly start: number;
  readonly end: number;
  readonly folded: string;
}

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    // English function words
    'a an and are as at be by for from how in into is it its of on or the to with your you what when ' +
    'my our we this that these those not no do does can will about me i ' +
    // French function words and elisions (l', d', qu'…)
    'au aux avec ce ces cet cette dans de des du elle en et il ils je la le les leur leurs ma mes mon ' +
    'ne nos notre nous ou par pas pour qu que qui sa se ses son sur ta tes ton un une vos votre vous ' +
    'y d l j c s n m t est sont'
  ).split(' '),
);

/** Letters, digits and combining marks (an "é" typed as e + accent stays one word). */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower case, accents removed, ligatures opened: what two spellings of one word share. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  if (/^[a-z0-9]*$/.test(lower)) return lower; // most words: no need to decompose
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** Every word of `text` with its position (stop words included: highlighting needs positions). */
export function textWords(text: string): TextWord[] {
  const words: TextWord[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    words.push({ start, end: start + match[0].length, folded: fold(match[0]) });
  }
  return words;
}

export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

/** Plural to singular: English -ies/-es/-s, French -aux/-eaux/-s. */
function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (word.endsWith('aux') && word.length > 4) return word.slice(0, -3) + 'al';
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Endings cut, each with the shortest stem it may leave ("formation" keeps its -ation: "form" is another word). */
const ENDINGS: ReadonlyArray<readonly [string, number, string?]> = [
  ['ations', 5], ['ation', 5], ['ement', 4], ['ment', 4], ['ing', 3], ['ity', 4, 'it'], ['ed', 4], ['er', 4], ['ate', 4], ['e', 4],
];

/** The word's stem: the form that its plurals and regular endings share. */
export function stem(folded: string): string {
  let word = singular(folded);
  if (word.length <= 3) return word;
  // analysis/analyses/analyse/analyze → analys
  if (/(ysis|yses|yse|yze)$/.test(word)) return word.replace(/(ysis|yses|yse|yze)$/, 'ys');
  const ending = ENDINGS.find(([suffix, keep]) => word.endsWith(suffix) && word.length - suffix.length >= keep);
  if (ending) {
    word = word.slice(0, -ending[0].length) + (ending[2] ?? ''); // security → securit, as sécurité
    // running → runn → run, planned → plann → plan, formatted → format
    if (/(bb|dd|gg|mm|nn|pp|rr|tt)$/.test(word) && (ending[0] === 'ing' || ending[0] === 'ed')) word = word.slice(0, -1);
    // negotiating → negotiat → negoti, as negotiate → negoti
    if (word.endsWith('at') && word.length - 2 >= 5 && (ending[0] === 'ing' || ending[0] === 'ed' || ending[0] === 'er')) word = word.slice(0, -2);
  }
  // organization/organisation
  return word.replace(/iz$/, 'is');
}
