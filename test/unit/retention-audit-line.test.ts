/** How the moderation log shows a purge of review texts, in both languages: the tool as actor, the count, no text. */
import { presentAuditLine } from '../../src/panels/reviews/audit-lines';
import { textsPurgedAudit } from '../../src/storage/shared/retention-plan';

const COURSE = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'k' };
const entryOf = (count: number) => ({ id: 'e-1', ...textsPurgedAudit(COURSE, count, 365, new Date('2031-05-04T08:00:00Z')) });

describe('the audit line of a review-text purge', () => {
  it('names Learner Voice, the action and how many reviews, in English', () => {
    const line = presentAuditLine(entryOf(3), 'en');
    expect(line.text).toContain('Learner Voice (removed the texts of reviews kept out of view too long)');
    expect(line.reason).toBe('3 reviews waiting for moderation or hidden, unchanged for longer than the retention period: texts removed, ratings kept');
    expect(presentAuditLine(entryOf(1), 'en').reason).toMatch(/^1 review waiting for moderation or hidden, unchanged for/);
  });

  it('in French, with the plural agreed and a narrow no-break space before the colon', () => {
    expect(presentAuditLine(entryOf(1), 'fr').reason).toBe('1 avis en attente de modération ou masqué, inchangé au-delà de la durée de conservation\u202f: textes supprimés, notes conservées');
    expect(presentAuditLine(entryOf(1234), 'fr').reason).toMatch(/^1\u202f234 avis en attente de modération ou masqués, inchangés/);
    expect(presentAuditLine(entryOf(2), 'fr').text).toContain('Learner Voice (a supprimé les textes d’avis restés trop longtemps hors de vue)');
  });
});
