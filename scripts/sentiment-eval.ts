/**
 * npm run sentiment:eval [-- --part dev|held-out|all] [--mistakes]
 * Prints precision, recall and F1 per class and macro-F1 per language on test/fixtures/sentiment.
 * The held-out half is the measure (README); the development half is the one to look at while
 * changing lexicons or rules (--part dev --mistakes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, LABELS, parseLabelledLines } from '../src/listening/sentiment/evaluation';
import { scoreSentence } from '../src/listening/sentiment/score-sentence';
import type { Lang } from '../src/listening/sentiment/modifiers';

const args = process.argv.slice(2);
const part = args[args.indexOf('--part') + 1] ?? 'held-out';
const showMistakes = args.includes('--mistakes');
if (args.includes('--part') && !['dev', 'held-out', 'all'].includes(part)) {
  console.error('--part must be dev, held-out or all');
  process.exit(2);
}
const percent = (x: number) => (100 * x).toFixed(1).padStart(5);

for (const lang of ['en', 'fr'] as Lang[]) {
  const all = parseLabelledLines(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'sentiment', `${lang}.jsonl`), 'utf8'));
  const sentences = part === 'all' ? all : all.filter((sentence) => sentence.part === part);
  const result = evaluate(sentences, (text) => scoreSentence(text, lang).label);
  console.log(`\n${lang} (${part}, ${sentences.length} sentences)   precision  recall     F1  support`);
  for (const label of LABELS) {
    const { precision, recall, f1, support } = result.perClass[label];
    console.log(`  ${label.padEnd(9)}                     ${percent(precision)}   ${percent(recall)}  ${percent(f1)}  ${String(support).padStart(7)}`);
  }
  console.log(`  macro-F1 ${percent(result.macroF1)}   accuracy ${percent(result.accuracy)}`);
  if (showMistakes) for (const m of result.mistakes) console.log(`    ${m.expected} → ${m.predicted}: ${m.text}`);
}
