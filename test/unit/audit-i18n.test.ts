/**
 * Every line of the audit log reads in both languages: each action the code can write (the type of
 * AuditInput.action is AUDIT_ACTIONS, so the compiler refuses any other) and each system reason code
 * has a text in English and French, and lines are built from codes at display time.
 */
import { AUDIT_ACTIONS, AUDIT_REASON_CODES, type AuditEntry } from '../../src/storage/ports/audit';
import { catalogueKeys, translate } from '../../src/i18n/translate';
import { presentAuditLine } from '../../src/panels/reviews/audit-lines';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'e-1',
  course: { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'k' },
  at: new Date('2030-05-04T08:00:00Z'),
  actor: { id: 't', name: 'Terry', role: 'instructor' },
  action: 'idea.merge',
  subject: { type: 'idea', id: 'i-1' },
  ...overrides,
});

describe('audit log texts', () => {
  for (const locale of ['en', 'fr'] as const) {
    it(`has a ${locale} text for every action the code can write and every system reason`, () => {
      const keys = new Set(catalogueKeys(locale));
      const wanted = [...AUDIT_ACTIONS.map((a) => `moderation.action.${a}`), ...AUDIT_REASON_CODES.map((c) => `audit.reason.${c}`)];
      expect(wanted.filter((k) => !keys.has(k))).toEqual([]);
    });
  }

  it('writes French audit texts with a narrow no-break space before ; : ! ? and inside guillemets', () => {
    const keys = catalogueKeys('fr').filter((k) => k.startsWith('moderation.') || k.startsWith('audit.') || k === 'reviews.status.hiddenEdited' || k === 'reviews.flash.stillHidden');
    const bad = keys.filter((k) => / [;:!?»]|« /.test(translate('fr', k as never)));
    expect(bad).toEqual([]);
  });

  it('shows an action and a system reason in the reader’s language, never a raw key', () => {
    const merge = entry({ systemReason: { code: 'idea.mergedInto', params: { title: 'Shorter videos' } } });
    const en = presentAuditLine(merge, 'en');
    const fr = presentAuditLine(merge, 'fr');
    expect(en.text).toContain('Terry (merged an idea into another)');
    expect(en.reason).toBe('Merged into “Shorter videos”');
    expect(fr.text).toContain('Terry (a fusionné une idée dans une autre)');
    expect(fr.reason).toBe('Fusionnée dans «\u202fShorter videos\u202f»');
    for (const line of [en, fr]) expect(line.text).not.toContain('moderation.action');
  });

  it('reads merge reasons written as text before codes existed in the reader’s language', () => {
    expect(presentAuditLine(entry({ reason: 'Merged into “Old title”' }), 'fr').reason).toBe('Fusionnée dans «\u202fOld title\u202f»');
    expect(presentAuditLine(entry({ reason: 'Fusionnée dans «\u202fAncien titre\u202f»' }), 'en').reason).toBe('Merged into “Ancien titre”');
    // Only merges, only the exact template: a person's reason on another action stays as typed.
    expect(presentAuditLine(entry({ action: 'idea.hide', reason: 'Merged into “x”' }), 'fr').reason).toBe('Merged into “x”');
    expect(presentAuditLine(entry({ reason: 'Merged into the other one' }), 'fr').reason).toBe('Merged into the other one');
  });

  it('keeps older rows readable: a typed reason as written, an unknown action named, a prototype key not looked up', () => {
    expect(presentAuditLine(entry({ action: 'poll.close' }), 'fr').text).toContain('a fait une action que cette version ne connaît pas (poll.close)');
    expect(presentAuditLine(entry({ action: '__proto__' }), 'en').text).toContain('(did something this version does not know (__proto__))');
    const typed = presentAuditLine(entry({ action: 'idea.hide', reason: 'Spam' }), 'en');
    expect(typed).toMatchObject({ reason: 'Spam' });
    expect(typed.text).toContain('(hid an idea)');
  });
});
