/**
 * V8's sampling profiler on this process, for the bench's profiling runs (bench/profile.ts for one
 * route, bench/launch-run.ts with LAUNCH_PROFILE for the launch round trip): start, stop, and a
 * report of self time by function and by file or package, as shares of the samples so that runs
 * on a noisy machine compare.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  readonly nodes: ProfileNode[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/** Starts sampling every 200 µs; the returned function stops and gives the profile. */
export async function startCpuProfile(): Promise<() => Promise<CpuProfile>> {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** Keeps the profile for Chrome's DevTools when `file` is set. */
export function saveCpuProfile(profile: CpuProfile, file: string | undefined): void {
  if (file) fs.writeFileSync(file, JSON.stringify(profile));
}

function shortUrl(url: string): string {
  const cwd = process.cwd();
  return url.replace(/^file:\/\//, '').replace(`${cwd}/`, '').replace(/^node_modules\//, 'nm/') || '(native)';
}

export function profileReport(profile: CpuProfile, top: number): string {
  const nodes = profile.nodes;
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
