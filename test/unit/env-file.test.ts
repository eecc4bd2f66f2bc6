/**
 * The .env file: read at start, never over a real environment variable, one clear line when it is wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvFileError, loadEnvFile } from '../../src/env-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lv-envfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function envFile(text: string): string {
  const file = path.join(dir, '.env');
  writeFileSync(file, text);
  return file;
}

describe('loadEnvFile', () => {
  it('when a .env sets variables, then the ones missing from the environment are set and the real ones win', () => {
    const env: NodeJS.ProcessEnv = { PORT: '4000' };
    const set = loadEnvFile(env, envFile('# comment\nPORT=3912\nexport LOG_LEVEL=warn\nBASE_URL="http://localhost:3912"\n\nLTI_KEY=\'a b\' # why\n'));
    expect(env).toEqual({ PORT: '4000', LOG_LEVEL: 'warn', BASE_URL: 'http://localhost:3912', LTI_KEY: 'a b' });
    expect(set.sort()).toEqual(['BASE_URL', 'LOG_LEVEL', 'LTI_KEY']);
  });

  it('when there is no .env, then nothing changes and nothing is refused', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, path.join(dir, '.env'))).toEqual([]);
    expect(env).toEqual({});
  });

  it('when a variable is empty in the environment, then it still wins (an admin may blank a value on purpose)', () => {
    const env: NodeJS.ProcessEnv = { MONGODB_URI: '' };
    loadEnvFile(env, envFile('MONGODB_URI=mongodb://db/x\n'));
    expect(env.MONGODB_URI).toBe('');
  });

  it('when a line is not NAME=value, then one line names the file and the line, without repeating its content', () => {
    const file = envFile('PORT=3912\nthis-is-a-secret-pasted-alone\n');
    expect(() => loadEnvFile({}, file)).toThrow(EnvFileError);
    expect(() => loadEnvFile({}, file)).toThrow(`${file} line 2 is not NAME=value (or a # comment): fix or remove it.`);
    try {
      loadEnvFile({}, file);
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('when a quoted value spans lines, then it is one value; when its quote never closes, then that is said', () => {
    const env: NodeJS.ProcessEnv = {};
    loadEnvFile(env, envFile('NOTE="first\nsecond"\nPORT=1\n'));
    expect(env).toEqual({ NOTE: 'first\nsecond', PORT: '1' });
    expect(() => loadEnvFile({}, envFile('NOTE="first\nPORT=1\n'))).toThrow('has a value opened with " and never closed.');
  });

  it('when .env cannot be read, then the reason is one line', () => {
    const folder = path.join(dir, 'folder');
    require('node:fs').mkdirSync(folder);
    expect(() => loadEnvFile({}, folder)).toThrow(/^Cannot read .*folder: EISDIR/);
  });
});
