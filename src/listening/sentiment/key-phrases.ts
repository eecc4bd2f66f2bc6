/**
 * The key phrases of one sentence: what it talks about ("pace", "exercises", "trainer
 * availability"), not what it thinks of it. Runs of content words are cut at function words of
 * English and French, at clause breaks and at opinion words (those of the lexicons, and the
 * modifiers); "of"/"de" between two content words joins them ("availability of the trainer").
 * Each run gives its words and its pairs of neighbours. A phrase's key is its words' stems (the
 * catalogue's stemmer, which folds plurals and regular endings of both languages) in alphabetical
 * order, so "trainer availability" and "availability of the trainer" are one topic.
 */
import { isStopWord, stem } from '../../catalogue/search/search-text';
import { ENGLISH_LEXICON } from './lexicon-en';
import { FRENCH_LEXICON } from './lexicon-fr';
import { MODIFIERS } from './modifiers';
import { sentenceWords, type SentenceWord } from './words';

export interface KeyPhrase {
  /** Stems in alphabetical order, joined by a space: the topic's identity. */
  readonly key: string;
  /** The phrase as written here, lower case ("trainer availability"). */
  readonly written: string;
}

/** Words that say nothing about what is discussed: auxiliaries, vague nouns, the course itself. */
const NOT_TOPICS = new Set(
  (
    'was were been being have has had would could should will can may might did does also just even still only ever ' +
    'all any some every much many more most other such than then there here very get got make made made take took ' +
    'course courses training trainings session sessions thing things lot lots time times day days week weeks year years ' +
    'everything anything nothing something someone everyone one two three first last next people way part ' +
    'etait etaient est ete sont suis avons avez ont fait faire tout tous toute toutes cela ceci ca aussi meme encore deja ' +
    'formation formations seance seances chose choses fois jour jours semaine semaines annee annees an ans ' +
    'rien quelque chacun deux trois premier premiere dernier derniere moitie peu plus moins'
  ).split(' '),
);
const JOINERS = new Set(['of', 'de', 'du', 'des', 'd']);
const JOINED_ARTICLES = new Set(['the', 'la', 'le', 'les', 'l']);

function isContent(word: SentenceWord): boolean {
  const { folded, key } = word;
  if (folded.length < 3 || /^\d/.test(folded) || isStopWord(folded) || NOT_TOPICS.has(folded)) return false;
  // Mild words stay ("availability", "disponibilité"): they are often what is discussed.
  if (Math.abs(ENGLISH_LEXICON.words.get(key) ?? 0) >= 2 || Math.abs(FRENCH_LEXICON.words.get(key) ?? 0) >= 2) return false;
  for (const modifiers of Object.values(MODIFIERS)) {
    const modifierSets = [modifiers.negations, modifiers.confirmations, modifiers.excess, modifiers.contrasts, modifiers.badManner];
    if (modifiers.intensifiers.has(folded) || modifierSets.some((words) => words.has(folded))) return false;
  }
  return true;
}

/** A content word of a run, with the joining words written before it ("of the" in "availability of the trainer"). */
interface RunWord {
  readonly word: SentenceWord;
  readonly joinedBy: string;
}

/** Runs of content words; "X of (the) Y" / "X de (la) Y" stays one run. */
function contentRuns(words: SentenceWord[]): RunWord[][] {
  const runs: RunWord[][] = [];
  let run: RunWord[] = [];
  let joinedBy = '';
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    if (isContent(word)) {
      run.push({ word, joinedBy });
      joinedBy = '';
      if (!word.clauseEnd) continue;
    } else if (run.length && JOINERS.has(word.folded) && !word.clauseEnd) {
      let next = at + 1;
      if (JOINED_ARTICLES.has(words[next]?.folded ?? '')) next++;
      if (words[next] && isContent(words[next]!)) {
        joinedBy = words.slice(at, next).map(writtenWord).join(' ');
        at = next - 1;
        continue;
      }
    }
    if (run.length) runs.push(run);
    run = [];
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Lower case, and a French elision given back its apostrophe ("l" → "l'"). */
function writtenWord(word: SentenceWord): string {
  const lower = word.written.toLowerCase();
  return /^[ldjcsnmt]$/.test(lower) ? `${lower}’` : lower;
}

function phraseOf(words: RunWord[]): KeyPhrase {
  const written = words.map(({ word, joinedBy }, at) => (at > 0 && joinedBy ? `${joinedBy} ` : '') + writtenWord(word));
  return {
    key: words.map(({ word }) => stem(word.folded)).sort().join(' '),
    written: written.join(' ').replace(/’ /g, '’'),
  };
}

export function keyPhrasesOf(sentence: string): KeyPhrase[] {
  const phrases: KeyPhrase[] = [];
  for (const run of contentRuns(sentenceWords(sentence))) {
    run.forEach((runWord, at) => {
      phrases.push(phraseOf([runWord]));
      if (at + 1 < run.length) phrases.push(phraseOf([runWord, run[at + 1]!]));
    });
  }
  return phrases;
}
