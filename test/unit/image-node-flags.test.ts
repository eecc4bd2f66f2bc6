/**
 * The node flags the image starts the tool with (the Dockerfile's CMD) are the ones the soak runs it
 * with (bench/production-tool.ts reads them from the Dockerfile) and the ones `npm run start:prod` uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { imageNodeFlags } from '../../bench/production-tool';

it('when the image, start:prod and the soak start the tool, then they pass node the same flags', () => {
  const flags = imageNodeFlags();
  expect(flags).toContain('--max-old-space-size=512');
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts['start:prod']).toBe(['node', ...flags, 'dist/main.js'].join(' '));
});
