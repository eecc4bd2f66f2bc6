/** Domain rules of the consumer group that need no server: phases, forms, answers, matching, cursors. */
import { changeLines } from '../../src/panels/consumer-group/home-page';
import { phaseOf, takesContributions, visibleTo } from '../../src/panels/consumer-group/consultation-rules';
import { readConsultationForm, readPollForm } from '../../src/panels/consumer-group/consultation-form';
import { readIdeaForm, readPollAnswer } from '../../src/panels/consumer-group/contribution-form';
import type { PanelState } from '../../src/panels/consumer-group/panel-state';
import { translator } from '../../src/i18n/translate';
import { compareDescending, decodeCursor, encodeCursor } from '../../src/storage/consultations/cursor';
import { matchTerms } from '../../src/storage/consultations/match-terms';
import { InvalidCursorError } from '../../src/storage/shared/cursor';
import type { Idea, Poll } from '../../src/storage/ports/consultations';

const t = translator('en');
const at = (iso: string) => new Date(iso);

describe('when a consultation takes contributions', () => {
  const open = { status: 'open' as const, opensOn: '2030-03-10', closesOn: '2030-03-20' };

  it('an open consultation takes them from its opening day to the end of its closing day (UTC)', () => {
    expect(phaseOf(open, at('2030-03-09T23:59:59Z'))).toBe('upcoming');
    expect(takesContributions(open, at('2030-03-10T00:00:00Z'))).toBe(true);
    expect(takesContributions(open, at('2030-03-20T23:59:59Z'))).toBe(true);
    expect(phaseOf(open, at('2030-03-21T00:00:00Z'))).toBe('closed');
  });

  it('without dates it is open until an instructor closes it; drafts and closed ones take nothing', () => {
    expect(takesContributions({ status: 'open' }, at('1999-01-01T00:00:00Z'))).toBe(true);
    expect(takesContributions({ status: 'closed' }, at('2030-03-15T00:00:00Z'))).toBe(false);
    expect(takesContributions({ ...open, status: 'draft' }, at('2030-03-15T00:00:00Z'))).toBe(false);
  });

  it('learners never see drafts; instructors see everything', () => {
    expect(visibleTo({ status: 'draft' }, 'learner')).toBe(false);
    expect(visibleTo({ status: 'closed' }, 'learner')).toBe(true);
    expect(visibleTo({ status: 'draft' }, 'instructor')).toBe(true);
  });
});

describe('reading forms', () => {
  it('a consultation form gives trimmed values, one guiding question per line, and optional dates', () => {
    const parsed = readConsultationForm({ title: '  Excel  ', brief: 'Brief\r\nline two', questions: 'One?\n\n Two? \n', status: 'open', opensOn: '', closesOn: '2030-12-31' }, t);
    expect(parsed).toEqual({ ok: true, value: { title: 'Excel', brief: 'Brief\nline two', questions: ['One?', 'Two?'], status: 'open', closesOn: '2030-12-31' } });
  });

  it('refuses impossible dates, unknown statuses, and anything but strings', () => {
    const parsed = readConsultationForm({ title: ['a', 'b'], brief: 'b', status: 'archived', opensOn: '2030-02-30', closesOn: '30/12/2030' }, t);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual(['title', 'opensOn', 'closesOn', 'status']);
  });

  it('a poll needs two choices unless it is a 1–5 scale', () => {
    expect(readPollForm({ pollQuestion: 'q', pollKind: 'single', pollOptions: 'a' }, t).ok).toBe(false);
    expect(readPollForm({ pollQuestion: 'q', pollKind: 'scale', pollOptions: 'ignored' }, t)).toEqual({ ok: true, value: { question: 'q', kind: 'scale', options: [] } });
  });

  it('an idea asks for a title, a need also for why; credit and confirmation are read from their fields', () => {
    expect(readIdeaForm({ title: 'Videos', credit: '1', confirm: '1' }, 'idea', t)).toEqual({ ok: true, value: { title: 'Videos', description: '', situation: '', creditConsent: true, confirmed: true } });
    const need = readIdeaForm({ title: 'Negotiation' }, 'need', t);
    expect(need.ok ? [] : need.problems.map((p) => p.field)).toEqual(['description']);
  });

  const poll = (kind: Poll['kind'], options: string[] = []): Poll => ({ id: 'p', consultationId: 'c', question: 'q', kind, options, createdAt: new Date() });

  it('poll answers: scale points 1–5 are stored 0–4, several choices only for multiple choice', () => {
    expect(readPollAnswer({ choice: '5' }, poll('scale'), t)).toEqual([4]);
    expect(readPollAnswer({ choice: ['2', '0', '2'] }, poll('multiple', ['a', 'b', 'c']), t)).toEqual([0, 2]);
    expect(() => readPollAnswer({ choice: ['0', '1'] }, poll('single', ['a', 'b']), t)).toThrow();
    expect(() => readPollAnswer({ choice: '2' }, poll('single', ['a', 'b']), t)).toThrow();
    expect(() => readPollAnswer({ choice: '-1' }, poll('single', ['a', 'b']), t)).toThrow();
    expect(() => readPollAnswer({}, poll('scale'), t)).toThrow();
  });
});

describe('similar-idea terms', () => {
  it('folds case, accents, common words and plurals, per language', () => {
    expect(matchTerms('The Pivot Tables of Excel', 'en')).toEqual(['pivot', 'table', 'excel']);
    expect(matchTerms('Studies and case studies', 'en')).toEqual(['study', 'case']);
    // French stems lose a final e, so feminine and masculine, singular and plural meet.
    expect(matchTerms('Les tableaux croisés de l’équipe', 'fr')).toEqual(['tableau', 'crois', 'equip']);
    expect(matchTerms('Un tableau croisé', 'fr')).toEqual(['tableau', 'crois']);
    expect(matchTerms('Des journaux et des exercices', 'fr')).toEqual(['journal', 'exercic']);
    expect(matchTerms('Des séances réelles', 'fr')).toEqual(matchTerms('Une séance réelle', 'fr'));
    expect(matchTerms('Enregistrer / enregistrement', 'fr')).toEqual(['enregistr']);
    // English -ing and -ed, and the verbs every idea starts with, count for nothing.
    expect(matchTerms('Video recordings of every lecture', 'en')).toEqual(['video', 'record', 'lecture']);
    expect(matchTerms('Add more exercises, please', 'en')).toEqual(['exercise']);
    expect(matchTerms('Business class', 'en')).toEqual(['business', 'class']);
    expect(matchTerms('a ! ?', 'en')).toEqual([]);
  });
});

describe('keyset cursors', () => {
  it('round-trip; no cursor means the first page', () => {
    expect(decodeCursor(encodeCursor([3, 1000, 'id']), ['number', 'number', 'string'])).toEqual([3, 1000, 'id']);
    expect(decodeCursor(undefined, ['number'])).toBeNull();
    expect(decodeCursor('', ['number'])).toBeNull();
  });

  it('refuse anything tampered, of another sort, or with a number no record holds', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [encodeCursor(['x', 3]), 'not base64 json', b64('{nope'), b64('{"a":1}'), b64('[1e999,"x"]'), b64('[1.5,"x"]'), encodeCursor([3, 1000, 'id']), 'x'.repeat(5000)])
      expect(() => decodeCursor(cursor, ['number', 'string'])).toThrow(InvalidCursorError);
  });

  it('order descending on each key in turn', () => {
    expect(compareDescending([5, 1, 'a'], [4, 9, 'z'])).toBeLessThan(0);
    expect(compareDescending([5, 1, 'a'], [5, 1, 'b'])).toBeGreaterThan(0);
    expect(compareDescending([5, 1, 'a'], [5, 1, 'a'])).toBe(0);
  });
});

describe('"since your last visit"', () => {
  it('says how many supported ideas reached each status, in both languages', () => {
    const idea = (status: Idea['status']) => ({ status }) as Idea;
    const state = (locale: 'en' | 'fr') => ({ t: translator(locale) }) as PanelState;
    const changes = [idea('adopted'), idea('adopted'), idea('declined')];
    expect(changeLines(changes, state('en'))).toEqual(['2 ideas you supported were adopted', '1 idea you supported was declined']);
    expect(changeLines(changes, state('fr'))).toEqual(['2 idées que vous soutenez ont été adoptées', '1 idée que vous soutenez a été écartée']);
  });
});
