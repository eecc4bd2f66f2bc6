/** `npm run catalogue-badges`: one title and snippet per course of a platform, usage errors as exit code 2. */
import type { BadgeListing, CourseBadge } from '../../src/catalogue/badge/badge-listing';
import { runBadgeSnippetsCommand } from '../../src/cli/badge-snippets-command';

const BASE = { baseUrl: 'https://voice.example.edu' };

function fakeListing(courses: CourseBadge[]) {
  const asked: unknown[][] = [];
  const listing: BadgeListing = {
    listBadges: async (...args) => {
      asked.push(args);
      return courses;
    },
  };
  return { listing, asked };
}

async function run(argv: string[], courses: CourseBadge[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const { listing, asked } = fakeListing(courses);
  const code = await runBadgeSnippetsCommand(argv, listing, { out: (l) => out.push(l), err: (l) => err.push(l) }, BASE);
  return { code, out: out.join('\n'), err: err.join('\n'), asked };
}

const COURSES: CourseBadge[] = [
  { title: 'Excel for accountants', token: 'excelToken_0123456789ab', badgeEnabled: true },
  { title: 'Gestion de projet', token: 'projetToken-0123456789a', badgeEnabled: true, locale: 'fr' },
  { title: 'Hidden course', token: 'hiddenToken0123456789ab', badgeEnabled: false },
];

describe('catalogue-badges command', () => {
  it('prints each course title, then its snippet in the course language, and says which badges are off', async () => {
    const { code, out, err, asked } = await run(['--issuer', 'https://moodle.example.edu', '--client-id', 'abc', '--deployment', '1'], COURSES);
    expect(code).toBe(0);
    expect(asked).toEqual([[{ issuer: 'https://moodle.example.edu', clientId: 'abc' }, '1']]);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Excel for accountants');
    expect(lines[1]).toMatch(/^<a href="https:\/\/voice.example.edu\/badge\/excelToken_0123456789ab" .*\?lang=en" alt="Learner ratings for Excel for accountants"/);
    expect(out).toContain('badge/projetToken-0123456789a.svg?lang=fr" alt="Notes des apprenants pour Gestion de projet"');
    expect(out).toContain("Hidden course\n  (badge switched off in this course's settings)");
    expect(out).not.toContain('hiddenToken');
    expect(err).toBe('3 course(s), 2 with a badge, 1 switched off in their settings.');
  });

  it('writes every snippet in the language asked for with --lang', async () => {
    const { out } = await run(['--issuer', 'https://moodle.example.edu', '--client-id', 'abc', '--lang', 'fr'], COURSES);
    expect(out).not.toContain('lang=en');
    expect(out).toContain('alt="Notes des apprenants pour Excel for accountants"');
  });

  it('prints a title from the store without its control characters (no terminal escape sequences)', async () => {
    const { out } = await run(['--issuer', 'i', '--client-id', 'c'], [{ title: 'Evil\u001b]0;pwned\u0007\nTitle', token: 'evilToken_0123456789abc', badgeEnabled: true }]);
    for (const line of out.split('\n')) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out.split('\n')[0]).toBe('Evil ]0;pwned Title');
  });

  it('says so when the platform has no course in the catalogue yet', async () => {
    const { code, out } = await run(['--issuer', 'i', '--client-id', 'c']);
    expect(code).toBe(0);
    expect(out).toMatch(/^No course of this platform is in the catalogue yet/);
  });

  it.each([
    [['--client-id', 'c'], 'missing --issuer'],
    [['--issuer', 'i'], 'missing --client-id'],
    [['--issuer', 'i', '--client-id', 'c', '--lang', 'de'], '--lang must be fr or en, not "de".'],
    [['--issuer', 'i'.repeat(300), '--client-id', 'c'], '--issuer is not a valid value.'],
    [['--issuer', 'i', '--client-id', 'c', '--colour', 'red'], 'unknown option --colour'],
    [['--issuer', 'i', '--client-id', 'c', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j in one line and exit code 2, without reading the store', async (argv, message) => {
    const { code, err, asked } = await run(argv, COURSES);
    expect(code).toBe(2);
    expect(err).toBe(`learner-voice catalogue-badges: ${message} (see --help)`);
    expect(asked).toEqual([]);
  });

  it('with --json, prints one document, and a refusal as {"error"}', async () => {
    const ok = await run(['--issuer', 'https://moodle.example.edu', '--client-id', 'abc', '--json'], COURSES);
    expect(ok.code).toBe(0);
    expect(ok.err).toBe('');
    const { courses } = JSON.parse(ok.out) as { courses: { title: string; badgeEnabled: boolean; snippet: string | null }[] };
    expect(courses).toHaveLength(COURSES.length);
    expect(courses.filter((c) => c.snippet === null).map((c) => c.badgeEnabled)).toContain(false);
    expect(courses.find((c) => c.snippet)?.snippet).toContain(BASE.baseUrl);
    const refused = await run(['--issuer', 'i', '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.err)).toEqual({ error: 'missing --client-id (see --help)' });
  });

  it('prints the usage for --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: learner-voice catalogue-badges');
  });
});
