/**
 * What the per-course Listening page costs for a course with 2,000 published reviews (and 200
 * ideas with a comment each, so the texts' limit of 2,000 is reached from two stores): the read of
 * the texts, their scoring (sentences and topics), a cold page model (read + score + figures) and a
 * warm one (the voices kept for the course's generation). SQLite in memory, this process only.
 * Run: `npx tsx bench/listening-course.ts`. Prints the median and worst of a few runs, in ms.
 */
import type { ContextKey } from '../src/context/tenant';
import { readCourseTexts } from '../src/listening/course/course-texts';
import { courseVoices, type CourseVoices } from '../src/listening/course/course-voices';
import { VoicesCache } from '../src/listening/course/voices-cache';
import { loadCoursePage } from '../src/panels/listening/course-page';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import type { Rating } from '../src/storage/ports/reviews';

const REVIEWS = 2000;
const IDEAS = 200;
const RUNS = 5;
const DAY = 86_400_000;
const COURSE: ContextKey = { issuer: 'https://lms.example', clientId: 'bench', deploymentId: 'd', contextId: 'c' };

const LIKED = [
  'The exercises were excellent and very practical.', 'Clear slides and a patient trainer.', 'Great case studies, I use them at work.',
  'Les exercices étaient très concrets.', 'Le formateur était disponible et clair.', 'Good pace overall.',
];
const IMPROVE = [
  'The pace was far too fast in the second week.', 'More time for questions would help.', 'The videos are too long to follow at work.',
  'Le rythme était trop rapide.', 'Les supports de cours manquent d’exemples.', '',
];

async function time<T>(label: string, run: () => Promise<T>): Promise<T> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    last = await run();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${ms[Math.floor(RUNS / 2)].toFixed(1).padStart(7)} ms   worst ${ms[RUNS - 1].toFixed(1).padStart(7)} ms`);
  return last;
}

async function main() {
  const storage = openSqliteStorage({ file: ':memory:' });
  const now = new Date();
  await storage.catalogue.recordCourse(COURSE, { title: 'Bench course' }, 'bench-badge-token-000000', now);
  const item = { ...COURSE, itemId: 'course' };
  for (let i = 0; i < REVIEWS; i++) {
    await storage.reviews.saveReview(
      { item, author: { id: `a${i}`, name: `A ${i}` }, rating: ((i % 5) + 1) as Rating, aspects: { content: ((i % 4) + 2) as Rating }, title: `Review ${i}`, liked: LIKED[i % LIKED.length], improve: IMPROVE[(i * 7) % IMPROVE.length], status: 'published', holdReasons: [], verified: true },
      new Date(now.getTime() - (i % 365) * DAY),
    );
  }
  for (let i = 0; i < IDEAS; i++) {
    const idea = await storage.consultations.proposeIdea(COURSE, { kind: 'need', consultationId: null, author: { id: `a${i}`, name: `A ${i}`, role: 'learner' }, creditConsent: false, title: `More exercises ${i}`, description: IMPROVE[i % IMPROVE.length] || 'More practice.', situation: '', language: 'en' }, new Date(now.getTime() - i * DAY));
    await storage.consultations.addComment(COURSE, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: { id: `b${i}`, name: `B ${i}`, role: 'learner' }, body: LIKED[i % LIKED.length] }, new Date(now.getTime() - i * DAY));
  }
  console.log(`${REVIEWS} published reviews, ${IDEAS} needs with a comment each; texts limited to 2,000; ${RUNS} runs each`);
  const texts = await time('read the texts (newest 2,000)', () => readCourseTexts(storage, COURSE));
  await time('score sentences and find topics', () => courseVoices(texts, now, 'en'));
  const known = (await storage.catalogue.findCourse(COURSE))!;
  const input = { course: known, by: 'month' as const, locale: 'en' as const, pageUrl: '/s/x/listening/courses/c' };
  await time('page model, cold (nothing kept)', () => loadCoursePage({ storage, now: () => now, voices: new VoicesCache<CourseVoices>() }, input));
  const warm = { storage, now: () => now, voices: new VoicesCache<CourseVoices>() };
  await loadCoursePage(warm, input);
  await time('page model, warm (voices kept)', () => loadCoursePage(warm, input));
  await storage.close();
}

void main();
