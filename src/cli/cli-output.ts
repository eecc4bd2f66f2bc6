/**
 * How every admin command speaks to its caller, in one place:
 * - text for people, or with --json one JSON document on stdout (stable field names) and, on failure,
 *   `{"error": "..."}` on stderr and nothing else there;
 * - an error is one short line naming the program (`learner-voice platform: unknown option --foo (see --help)`),
 *   never the whole usage text;
 * - exit codes: 0 done, 1 refused or failed, 2 the command line itself is wrong.
 */
import { createInterface } from 'node:readline/promises';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question; absent when nobody can answer (stdin is not a terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

export const consoleIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  // Looked up when asked for: only a terminal on stdin can answer a question.
  get confirm() {
    return process.stdin.isTTY ? askOnTerminal : undefined;
  },
};

async function askOnTerminal(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await terminal.question(`${question} [y/N] `)).trim());
  } finally {
    terminal.close();
  }
}

/** A yes/no question for commands that take an injected `confirm`: no terminal on stdin answers no. */
export function confirmOnTerminal(question: string): Promise<boolean> {
  return consoleIo.confirm?.(question) ?? Promise.resolve(false);
}

export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** The command line is wrong (exit 2). */
export class UsageError extends Error {}
/** The command was understood and could not be done (exit 1); the message says why. */
export class CommandFailure extends Error {}

/** Decided before parsing, so that even a command line that fails to parse answers in JSON. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Prints a result: the document with --json, else the text lines. */
export function present(io: CliIo, json: boolean, document: unknown, text: () => string | readonly string[]): void {
  if (json) return io.out(JSON.stringify(document, null, 2));
  const lines = text();
  for (const line of typeof lines === 'string' ? [lines] : lines) io.out(line);
}

export function reportError(io: CliIo, program: string, json: boolean, message: string): void {
  io.err(json ? JSON.stringify({ error: message }) : message.split('\n').map((line) => `${program}: ${line}`).join('\n'));
}

/**
 * Runs a command's body and turns its errors into the line and exit code above. `failureOf` names
 * the domain's own refusals (a RegistryError...); anything else is a bug and is rethrown.
 */
export async function runCommand(
  program: string,
  argv: readonly string[],
  io: CliIo,
  body: (json: boolean) => Promise<number>,
  failureOf: (err: unknown) => string | null = () => null,
): Promise<number> {
  const json = wantsJson(argv);
  try {
    return await body(json);
  } catch (err) {
    const usage = usageMessageOf(err);
    if (usage !== null) {
      reportError(io, program, json, `${usage} (see --help)`);
      return EXIT.usage;
    }
    const failure = err instanceof CommandFailure ? err.message : failureOf(err);
    if (failure === null) throw err;
    reportError(io, program, json, failure);
    return EXIT.failed;
  }
}

/** node:util parseArgs explains itself in two sentences; one short clause is enough here. */
function usageMessageOf(err: unknown): string | null {
  if (err instanceof UsageError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const quoted = /'([^']*)'/.exec((err as Error).message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test((err as Error).message) ? `option ${quoted} takes no value` : `option ${quoted.split(' ')[0]} needs a value`;
    default:
      return (err as Error).message;
  }
}
