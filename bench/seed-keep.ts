/**
 * A seeded SQLite store kept between runs (LISTENING_SEED_KEEP, SOAK_SEED_KEEP=<file>): seeding
 * 1,000,000 reviews through the port takes 17 to 20 minutes here, while the overview is measured in
 * two. The first run seeds as usual and keeps a copy of the closed file with a note of what it
 * holds; later runs asking for the same shape copy it instead. The test platform's issuer carries its random port, so
 * the copy's issuer is rewritten in every table that has one (one UPDATE per table, in one
 * transaction, triggers set aside) before the tool opens it; nothing else in the seed depends on the port.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

export interface KeptSeedNote {
  readonly issuer: string;
  /** What was seeded, as the run describes it (the kept copy is used only for the same). */
  readonly shape: string;
  readonly seededAt: string;
  readonly seedSeconds: number;
}

const noteFile = (file: string) => `${file}.json`;

/** The kept seed's note when `file` holds one of this shape. */
export function keptSeed(file: string, shape: string): KeptSeedNote | null {
  try {
    const note = JSON.parse(fs.readFileSync(noteFile(file), 'utf8')) as KeptSeedNote;
    return note.shape === shape && fs.existsSync(file) ? note : null;
  } catch {
    return null;
  }
}

export function keepSeed(seeded: string, file: string, note: KeptSeedNote): void {
  fs.copyFileSync(seeded, file);
  fs.writeFileSync(noteFile(file), JSON.stringify(note, null, 2) + '\n');
}

/** Copies the kept seed to `target` and files its rows under `issuer`. */
export function restoreSeed(file: string, note: KeptSeedNote, target: string, issuer: string): void {
  fs.copyFileSync(file, target);
  const db = new Database(target);
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>)
      .map((t) => t.name)
      .filter((name) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).some((c) => c.name === 'issuer'));
    // The course generation triggers would fire for every row moved (and collide on their own
    // table): they are set aside during the move and created again as they were.
    const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ name: string; sql: string }>;
    const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER ${quoted(t.name)}`);
      for (const table of tables) db.prepare(`UPDATE ${quoted(table)} SET issuer = ? WHERE issuer = ?`).run(issuer, note.issuer);
      for (const t of triggers) db.exec(t.sql);
    })();
  } finally {
    db.close();
  }
}
