import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
void (async () => {
  const s = openSqliteStorage({ file: '/dev/shm/zzq.sqlite' });
  const course = { issuer: 'https://x', clientId: 'c', deploymentId: 'd', contextId: 'ctx' } as never;
  const time = async (name: string, f: () => Promise<unknown>) => {
    for (let i = 0; i < 500; i++) await f();
    const t = process.hrtime.bigint(); const n = 5000;
    for (let i = 0; i < n; i++) await f();
    console.log(name, (Number(process.hrtime.bigint() - t) / n / 1000).toFixed(1), 'µs');
  };
  await time('listActions', () => s.actions.listActions(course, 20));
  await time('listVersions', () => s.courseVersions.listVersions(course));
  await time('getSettings', () => s.settings.getSettings(course));
  await s.close();
})();
