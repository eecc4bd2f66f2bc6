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
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { DEFAULT_SETTINGS } from '../src/panels/settings/settings-defaults';
import { readBenchConfig } from './bench-config';
import { profileReport, saveCpuProfile, startCpuProfile } from './cpu-profile';
import { launchSession } from './launch';
import { LoadClient } from './load';
import { withReviews } from './review-storage';
import { seedReviews } from './seed';
import { BIG_ITEM_ASPECTS, itemKey, type SeedTarget } from './seed-plan';
import { reserveToolServer, startBare, startPlatform, startTool } from './servers';

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
    const stopProfile = await startCpuProfile();
    const measured = await load.http(url, { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: 0 });
    const profile = await stopProfile();
    saveCpuProfile(profile, process.env.PROFILE_OUT);
    console.log(`${target}: ${Math.round(measured.requestsPerSecond)} req/s, p50 ${measured.latency.p50.toFixed(2)} ms, p99 ${measured.latency.p99.toFixed(2)} ms (profiled, so slower than the bench)\n`);
    console.log(profileReport(profile, Number(process.env.PROFILE_TOP ?? 40)));
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
