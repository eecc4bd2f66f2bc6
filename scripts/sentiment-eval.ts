/**
 * npm run sentiment:eval [-- --part dev|held-out|all] [--mistakes]
 * Prints precision, recall and F1 per class and macro-F1 per language on test/fixtures/sentiment,
 * then the time to score 10,000 sentences and to find the topics of 10,000 texts.
 * The held-out half is the measure (README); the development half is the one to look at while
 * changing lexicons or rules (--part dev --mistakes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, LABELS, parseLabelledLines } from '../src/listening/sentiment/evaluation';
import { findTopics } from '../src/listening/sentiment/topics';
import { scoreSentence } from '../src/listening/sentiment/score-sentence';
import type { Lang } from '../src/listening/sentiment/modifiers';

const args = process.argv.slice(2);
const part = args.includes('--part') ? args[args.indexOf('--part') + 1] : 'held-out';
const showMistakes = args.includes('--mistakes');
if (part === undefined || !['dev', 'held-out', 'all'].includes(part)) {
  console.error('--part must be dev, held-out or all');
  process.exit(2);
}
const percent = (x: number) => (100 * x).toFixed(1).padStart(5);

const fixture = (lang: Lang) => parseLabelledLines(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'sentiment', `${lang}.jsonl`), 'utf8'));

for (const lang of ['en', 'fr'] as Lang[]) {
  const all = fixture(lang);
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

// Speed: the fixtures' sentences over and over (both languages), then as texts of three sentences.
const pool = (['en', 'fr'] as Lang[]).flatMap((lang) => fixture(lang).map((sentence) => ({ text: sentence.text, lang })));
const RUNS = 10_000;
const started = performance.now();
for (let i = 0; i < RUNS; i++) scoreSentence(pool[i % pool.length]!.text, pool[i % pool.length]!.lang);
const sentenceMs = performance.now() - started;
const texts = Array.from({ length: RUNS }, (_, i) => {
  const lang = pool[i % pool.length]!.lang;
  const body = [0, 1, 2].map((k) => pool[(i * 7 + k * 131) % pool.length]!).filter((s) => s.lang === lang).map((s) => s.text).join(' ');
  return { id: String(i), text: body || pool[i % pool.length]!.text, lang, at: new Date(Date.UTC(2027, 0, 1 + (i % 90))) };
});
const topicsStarted = performance.now();
const topics = findTopics(texts, { now: new Date(Date.UTC(2027, 3, 1)) });
const topicsMs = performance.now() - topicsStarted;
console.log(`\nspeed: ${RUNS} sentences scored in ${sentenceMs.toFixed(0)} ms (${(sentenceMs / RUNS).toFixed(3)} ms per sentence)`);
console.log(`       topics of ${RUNS} texts in ${topicsMs.toFixed(0)} ms (top: ${topics.slice(0, 5).map((t) => `${t.label} ${t.count}`).join(', ')})`);
