/**
 * A text's sentences, by the platform's own Unicode sentence rules (Intl.Segmenter: no dependency,
 * English and French alike), with two repairs those rules need in reviews: a line break ends a
 * sentence even without a full stop (lists of likes and dislikes), and a title or initial before a
 * name ("M. Dupont", "Dr. Smith", "J. Martin") does not.
 */
import type { Lang } from './modifiers';

const ABBREVIATION_BEFORE_NAME = /(?:^|\s)(?:M|Mme|Mlle|Dr|Mr|Mrs|Ms|Pr|St|[A-Z])\.\s*$/;

const segmenters = new Map<Lang, Intl.Segmenter>();

function segmenter(lang: Lang): Intl.Segmenter {
  let found = segmenters.get(lang);
  if (!found) segmenters.set(lang, (found = new Intl.Segmenter(lang, { granularity: 'sentence' })));
  return found;
}

export function splitSentences(text: string, lang: Lang): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let pending = '';
    for (const { segment } of segmenter(lang).segment(line)) {
      pending += segment;
      if (!ABBREVIATION_BEFORE_NAME.test(pending)) {
        if (pending.trim()) sentences.push(pending.trim());
        pending = '';
      }
    }
    if (pending.trim()) sentences.push(pending.trim());
  }
  return sentences;
}
