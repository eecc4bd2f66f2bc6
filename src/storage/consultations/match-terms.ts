/**
 * The words that make two idea titles "look similar": lower case, accents removed, common words of
 * the language dropped (function words, and the verbs every idea starts with: add, make, ajouter,
 * rendre…), and a light stemming that folds plurals and the most regular endings (-ing/-ed;
 * -er/-ement, feminine -e) so that "recordings" meets "record" and "séances" meets "séance".
 * Deliberately simple and the same on both sides of a comparison: it only has to suggest existing
 * ideas while someone types, and every adapter must agree (see similar-ideas.ts).
 */
import type { Locale } from '../../context/launch-context';

const STOP_WORDS: Record<Locale, ReadonlySet<string>> = {
  en: new Set(
    (
      'a about after again all also an and any are as at be been before being better but by can could did do does doing during each either ' +
      'every for from further get give had has have having he her here how i if in into is it its just let like make me more most much my ' +
      'need no nor not of off on once only or other our out over own please really same she should so some such than that the their them ' +
      'then there these they this those through to too under until up us use very want was we were what when where which while who whom why ' +
      'will with would you your add offer provide include another many less instead'
    ).split(' '),
  ),
  fr: new Set(
    (
      'a ai au aussi aux avec avoir avant apres bien ce ceci cela ces cet cette chaque comme dans de des du elle elles en entre est et etre ' +
      'eu faire fait il ils je la le les leur leurs lui ma mais me meme meilleur meilleure mes moi moins mon ne ni nos notre nous on ou par ' +
      'pas pendant peu peut plus plutot pour qu que quel quelle quelles quels qui sa sans se ses si son sont sous sur ta te tes toi ton tous ' +
      'tout toute toutes tres tu un une vos votre vous y d l j c s n m t ajouter mettre rendre donner proposer avoir pouvoir devoir ' +
      'devrait devraient autre autres beaucoup trop'
    ).split(' '),
  ),
};

/** Plural to singular, by a few suffix rules. */
function singular(word: string, language: Locale): string {
  if (word.length <= 3) return word;
  if (language === 'en') {
    if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
    if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
    if (/(ss|us|is)$/.test(word)) return word;
    return word.endsWith('s') ? word.slice(0, -1) : word;
  }
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (word.endsWith('aux') && word.length > 4) return word.slice(0, -3) + 'al';
  return /[sx]$/.test(word) && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The regular endings, removed only when a stem of at least four letters is left. */
function stem(word: string, language: Locale): string {
  const one = singular(word, language);
  const cut = (suffix: string) => (one.endsWith(suffix) && one.length - suffix.length >= 4 ? one.slice(0, -suffix.length) : undefined);
  if (language === 'en') return cut('ing') ?? cut('ed') ?? one;
  const stripped = cut('ement') ?? cut('er') ?? one;
  // Feminine and silent final e: réelle/réel, séance/séances, corrigé/corriger.
  return stripped.length > 4 ? stripped.replace(/e$/, '').replace(/ll$/, 'l') : stripped;
}

/** Distinct terms of `text`, in order of first appearance. */
export function matchTerms(text: string, language: Locale): string[] {
  const folded = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP_WORDS[language].has(w));
  return [...new Set(words.map((w) => stem(w, language)).filter((w) => !STOP_WORDS[language].has(w)))];
}
