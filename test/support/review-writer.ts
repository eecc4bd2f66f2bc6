/**
 * A second process writing to a SQLite store as the tool does under load: reviews saved, edited and
 * deleted, helpful votes given and withdrawn, reports filed, across a few items of one course, until
 * SIGTERM. Prints "writes N" after every 20 writes, so a test knows the load is running.
 * Run: node --import tsx test/support/review-writer.ts FILE
 */
import type { ItemKey, Rating } from '../../src/storage/ports/reviews';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const file = process.argv[2];
if (!file) throw new Error('review-writer: FILE is required');

const course = { issuer: 'https://lms.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-load' };
const items: ItemKey[] = ['course', 'link-a', 'link-b'].map((itemId) => ({ ...course, itemId }));
const storage = openSqliteStorage({ file });
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

async function oneWrite(n: number): Promise<void> {
  const item = pick(items);
  const authorId = `author-${Math.floor(Math.random() * 60)}`;
  const roll = Math.random();
  if (roll < 0.55) {
    await storage.reviews.saveReview(
      {
        item,
        author: { id: authorId, name: `Learner ${authorId}` },
        rating: (1 + Math.floor(Math.random() * 5)) as Rating,
        aspects: { content: (1 + Math.floor(Math.random() * 5)) as Rating },
        title: `Review ${n}`,
        liked: 'liked',
        improve: 'improve',
        status: Math.random() < 0.85 ? 'published' : 'held',
        holdReasons: [],
        verified: true,
      },
      new Date(),
    );
    return;
  }
  const page = await storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published', 'held'], limit: 20 });
  const target = page.items.length ? pick(page.items) : null;
  if (roll < 0.65) await storage.reviews.deleteReview(item, authorId);
  else if (target && roll < 0.93) await storage.reviews.setHelpful(course, target.id, `voter-${Math.floor(Math.random() * 30)}`, Math.random() < 0.8);
  else if (target) await storage.reviews.report(course, target.id, `reporter-${Math.floor(Math.random() * 30)}`, 'spam', new Date());
}

void (async () => {
  let n = 0;
  while (!stopping) {
    await oneWrite(n++);
    if (n % 20 === 0) process.stdout.write(`writes ${n}\n`);
    // Yield to the event loop so SIGTERM is seen.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await storage.close();
  process.stdout.write(`done ${n}\n`);
})();
