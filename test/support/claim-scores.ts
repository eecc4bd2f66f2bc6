/**
 * A stand-in for another tool process's grade outbox worker, run by test/storage/grade-outbox-sqlite.test.ts:
 * opens the SQLite file given, says "ready", waits for "go" on stdin, then claims two scores at a
 * time until none is left and prints the ids it received as one JSON line.
 * Usage: node --import tsx test/support/claim-scores.ts <file> <owner>
 */
import readline from 'node:readline';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

async function main(): Promise<void> {
  const [file, owner] = process.argv.slice(2);
  const storage = openSqliteStorage({ file });
  const lines = readline.createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.on('line', (line) => line.trim() === 'go' && resolve()));
  process.stdout.write('ready\n');
  await go;
  lines.close();
  const received: string[] = [];
  for (;;) {
    const claimed = await storage.gradeOutbox.claimDueScores(owner, new Date(), 600_000, 2);
    if (claimed.length === 0) break;
    received.push(...claimed.map((s) => s.id));
    // A worker sends what it claimed before claiming again: the other process takes the lock meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await storage.close();
  process.stdout.write(JSON.stringify(received) + '\n');
}

void main();
