/**
 * The `.env` file .env.example tells admins to write: read once at process start (server and admin
 * commands), before readConfig. A variable already set in the real environment wins over the file,
 * so an orchestrator's or a shell's value is never silently replaced. No file is fine.
 *
 * Node's own parser (util.parseEnv, the one behind `node --env-file`) reads the values; it skips a
 * line it cannot read without a word, so such a line is reported here first: a typo must not turn
 * into a setting quietly left at its default.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';

export class EnvFileError extends Error {
  override name = 'EnvFileError';
}

/** A line is NAME=value (optionally after `export `), a comment or blank; quoted values may span lines. */
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=(.*)$/;

/**
 * Copies the variables of `file` that `env` does not already have into `env`; returns the names it set.
 * Throws EnvFileError (one line, naming the file and the line) when the file cannot be read or a line
 * is not an assignment.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, file = path.resolve('.env')): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new EnvFileError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  checkLines(text, file);
  const parseEnv = (util as { parseEnv?: (content: string) => Record<string, string> }).parseEnv;
  if (!parseEnv) throw new EnvFileError(`Cannot read ${file}: this Node.js (${process.version}) is older than 20.12; set the variables in the environment instead.`);
  const values = parseEnv(text);
  const set: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}

function checkLines(text: string, file: string): void {
  const lines = text.split(/\r?\n/);
  let openQuote: string | undefined;
  lines.forEach((line, index) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) // The line itself is not repeated: it may be a secret pasted on its own.
    if (!assignment) throw new EnvFileError(`${file} line ${index + 1} is not NAME=value (or a # comment): fix or remove it.`);
    // A value opened by a quote and not closed on its line goes on until the closing quote.
    const value = assignment[1].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) === -1) openQuote = quote;
  });
  if (openQuote) throw new EnvFileError(`${file} has a value opened with ${openQuote} and never closed.`);
}
