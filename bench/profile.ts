/**
 * `npm run bench:profile -- <panel|summary|staff>`: where the CPU of one route goes. Seeds a small
 * SQLite store (BENCH_REVIEWS, default 60,000, big item 20,000), serves the real app as the bench
 * does, loads the route with 25 connections for BENCH_DURATION seconds while the V8 profiler samples
 * this process (the load generator is forked, so only the server is profiled), and prints the
 * functions and files with the most self time. The figures are shares of the sampled time, so
 * they are comparable between runs on a noisy machine, unlike absolute timings.
 */
import './production-mode';
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { DEFAULT_SETTINGS } from '../src/panels/settings/settings-defaults';
import { readBenchConfig } from './bench-config';
import { launchSession } from './launch';
import { LoadClient } from './load';
import { withReviews } from './review-storage';
import { seedReviews } from './seed';
import { BIG_ITEM_ASPECTS, itemKey, type SeedTarget } from './seed-plan';
import { reserveToolServer, startBare, startPlatform, startTool } from './servers';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

function shortUrl(url: string): string {
  const cwd = process.cwd();
  return url.replace(/^file:\/\//, '').replace(`${cwd}/`, '').replace(/^node_modules\//, 'nm/') || '(native)';
}

function report(nodes: ProfileNode[], top: number): string {
  const total = nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const file = shortUrl(node.callFrame.url);
    const fn = `${node.callFrame.functionName || '(anonymous)'}  ${file}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    const group = file.startsWith('nm/') ? file.split('/').slice(0, 2).join('/') : file;
    byFile.set(group, (byFile.get(group) ?? 0) + hits);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `self time by function (${total} samples)\n${lines(byFunction)}\n\nself time by file or package\n${lines(byFile)}`;
}

async function main(): Promise<void> {
  const target = process.argv[2] ?? 'panel';
  const config = { ...readBenchConfig({ BENCH_REVIEWS: '60000', BENCH_ITEMS: '600', BENCH_BIG_ITEM: '20000', ...process.env }) };
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'lv-profile-'));
  const storage = withReviews(openSqliteStorage({ file: path.join(dir, 'profile.sqlite') }));
  const reserved = await reserveToolServer();
  const { platform, listening } = await startPlatform(reserved.listening.origin);
  const load = LoadClient.start();
  try {
    const seedTarget: SeedTarget = { platform: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId }, bigCourseId: platform.course.id };
    await storage.settings.saveSettings(itemKey(seedTarget, 0), { ...DEFAULT_SETTINGS, aspects: [...BIG_ITEM_ASPECTS] }, { course: itemKey(seedTarget, 0), at: new Date(), actor: { id: 'bench', name: 'Bench seeding', role: 'instructor' }, action: 'settings.update', subject: { type: 'settings', id: itemKey(seedTarget, 0).contextId } });
    await seedReviews(storage.reviews, seedTarget, config, new Date(), () => undefined);
    const tool = await startTool(storage, platform, reserved, 'warn');
    const sid = await launchSession(platform, { user: target === 'staff' ? 'instructor' : 'learner' });
    const bare = target === 'bare' ? await startBare() : null;
    const url = bare ? `${bare.origin}/` : `${tool.origin}/s/${sid}/reviews${target === 'summary' ? '/summary.json' : ''}`;
    const check = await fetch(url);
    if (check.status !== 200) throw new Error(`${url} answered ${check.status}`);
    const body = await check.text();
    console.log(`${url.replace(sid, '<sid>')}: ${Buffer.byteLength(body)} bytes, ${body.split('\n').filter((l) => !l.trim()).length} blank lines`);
    if (process.env.PROFILE_SAVE_PAGE) fs.writeFileSync(process.env.PROFILE_SAVE_PAGE, body);
    if (process.env.LV_SQL_TRACE) {
      (globalThis as any).__trace = [];
      await (await fetch(url)).text();
      console.log((globalThis as any).__trace.join('\n'));
      (globalThis as any).__trace = undefined;
      return;
    }

    await load.http(url, { connections: config.connections, durationSeconds: 1, warmupSeconds: 1 });
    if (process.env.PROFILE === '0') {
      const { PerformanceObserver } = await import('node:perf_hooks');
      const pauses: number[] = [];
      const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ entryTypes: ['gc'] });
      const plain = await load.http(url, { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: 0 });
      console.log(`${target}: ${Math.round(plain.requestsPerSecond)} req/s, p50 ${plain.latency.p50.toFixed(2)} ms, p99 ${plain.latency.p99.toFixed(2)} ms (not profiled)`);
      observer.disconnect();
      pauses.sort((a, b) => a - b);
      console.log(`GC: ${pauses.length} pauses, ${pauses.reduce((x, y) => x + y, 0).toFixed(0)} ms in total, longest ${pauses.slice(-5).map((p) => p.toFixed(1)).join(' ')} ms`);
      return;
    }
    const session = new inspector.Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    await post(session, 'Profiler.start');
    const measured = await load.http(url, { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: 0 });
    const { profile } = await post<{ profile: { nodes: ProfileNode[] } }>(session, 'Profiler.stop');
    session.disconnect();
    if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    console.log(`${target}: ${Math.round(measured.requestsPerSecond)} req/s, p50 ${measured.latency.p50.toFixed(2)} ms, p99 ${measured.latency.p99.toFixed(2)} ms (profiled, so slower than the bench)\n`);
    console.log(report(profile.nodes, Number(process.env.PROFILE_TOP ?? 40)));
    await tool.tool.close();
  } finally {
    await load.stop();
    await listening.close();
    await reserved.listening.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
