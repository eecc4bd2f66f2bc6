/**
 * Which words of a sentence a negation reaches. English negates forward from the negation word
 * ("not very clear", "never boring"): the next three words, not past a comma. French "ne … pas"
 * frames its verb ("je ne recommande pas"): from "ne" to three words past its "pas", "jamais",
 * "rien"…; "ne … que" restricts and does not negate; a lone "pas" or "jamais" (as French is spoken:
 * "pas très utile") negates forward as English does. Words that belong to a phrase with its own
 * negation ("pas mal", "not bad") neither negate nor are negated.
 */
import type { Modifiers } from './modifiers';
import type { SentenceWord } from './words';

const REACH = 3;
const NE_TO_CONFIRMATION = 4;
const OPINION_VERB_REACH = 12;

export function negatedPositions(words: SentenceWord[], modifiers: Modifiers, spoken: boolean[]): boolean[] {
  const negated = words.map(() => false);
  const reachFrom = (from: number, through: number) => {
    for (let at = from; at <= through && at < words.length; at++) {
      negated[at] = true;
      if (words[at]!.clauseEnd) break;
      // "I don't think this idea would help anyone": the clause, within a bound (no quadratic walk on a run-on text).
      if (modifiers.opinionVerbs.has(words[at]!.folded)) through = Math.max(through, at + OPINION_VERB_REACH);
    }
  };
  for (let at = 0; at < words.length; at++) {
    if (spoken[at]) continue;
    const word = words[at]!.folded;
    if (modifiers.pendingNegations.has(word)) {
      const confirmation = findConfirmation(words, at, modifiers, spoken);
      if (confirmation !== undefined) {
        reachFrom(at + 1, confirmation + REACH);
        at = confirmation;
      }
    } else if (modifiers.negations.has(word) && !words[at]!.clauseEnd) {
      reachFrom(at + 1, at + REACH);
    }
  }
  return negated;
}

/** The "pas"/"jamais"… that makes this "ne" a negation, unless a "que" (restriction) or a clause end comes first. */
function findConfirmation(words: SentenceWord[], ne: number, modifiers: Modifiers, spoken: boolean[]): number | undefined {
  for (let at = ne + 1; at <= ne + NE_TO_CONFIRMATION && at < words.length; at++) {
    const word = words[at]!.folded;
    if (modifiers.restrictions.has(word)) return undefined;
    if (modifiers.confirmations.has(word) && !spoken[at]) return at;
    if (words[at]!.clauseEnd) return undefined;
  }
  return undefined;
}
