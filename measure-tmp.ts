import { openSqliteStorage } from './src/storage/sqlite/sqlite-storage';
import { seedListening } from './bench/listening-seed';
import { courseOverview } from './src/listening/course-overview';
import { overviewPage } from './src/panels/listening/overview-page';
import { renderView } from './src/http/render';
(async () => {
  const reviews = Number(process.argv[2] ?? 100000);
  const storage = openSqliteStorage({ file: '/tmp/lvbench/store.sqlite' });
  const dep = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
  const now = new Date();
  let t = Date.now();
  if (process.argv[3] !== 'noseed') { await seedListening(storage, dep, { courses: 1000, reviews, now, chunk: 500 }); console.log('seeded', reviews, 'in', Date.now() - t, 'ms'); }
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    t = performance.now();
    const o = await courseOverview(storage, dep, now);
    const page = overviewPage(o, { sort: 'rating', dir: 'desc', page: 1, format: 'html' }, '/s/x', 'en');
    renderView('listening/overview', 'en', { chrome: { base: '/s/x', csrfToken: 'x', contextTitle: 'x', role: 'instructor', roleLabel: 'x', tabs: [] }, page });
    times.push(performance.now() - t);
  }
  const t2 = performance.now(); await storage.listening.deploymentFigures(dep, { since: new Date(now.getTime() - 365 * 864e5), today: now.toISOString().slice(0, 10) });
  console.log('port only', (performance.now() - t2).toFixed(1), 'ms');
  times.sort((a, b) => a - b);
  console.log('overview ms: median', times[7].toFixed(1), 'max', times[14].toFixed(1));
  await storage.close();
})();
