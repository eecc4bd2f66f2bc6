/**
 * Why a learner's review must wait for a moderator before it is public.
 *
 * Reviews are public: contact details would expose the author or someone else and invite
 * off-platform contact, and offensive language must not be published unseen. The checks lean
 * towards holding (a moderator can release a review in one click) but are shaped to leave ordinary
 * review text alone: dates, scores, prices and module numbers are not phone numbers, "end.Next" is
 * not a domain, "class" and "conseil" are not insults.
 */
import { findEmails, findLinks, findPhones, maskSpans, prepareText } from './contact-details';
import { containsOffensiveLanguage } from './offensive-language';

export type HoldReason = 'email' | 'phone' | 'link' | 'offensive';

export type ReviewLocale = 'en' | 'fr';

const ORDER: readonly HoldReason[] = ['email', 'phone', 'link', 'offensive'];

/**
 * The reasons to hold a review whose fields (title, text, answers…) are `texts`, in a fixed order
 * and without duplicates; empty when it can be published at once.
 *
 * Offensive words are looked for in both languages whatever `locale` says, since learners mix
 * them; `locale` only steers how numbers are read (see `findPhones`).
 */
export function holdReasonsFor(texts: string[], locale: ReviewLocale): HoldReason[] {
  const found = new Set<HoldReason>();
  // Each field on its own: joining them could make a phone number or phrase out of two fields.
  for (const raw of texts) {
    if (raw.trim().length === 0) continue;
    let text = prepareText(raw);
    // Each finder blanks out what it found, so that an address's domain is not also reported as a
    // link, nor a link's digits as a phone number.
    const emails = findEmails(text);
    if (emails.length > 0) found.add('email');
    text = maskSpans(text, emails);
    const links = findLinks(text);
    if (links.length > 0) found.add('link');
    text = maskSpans(text, links);
    if (findPhones(text, locale).length > 0) found.add('phone');
    if (containsOffensiveLanguage(raw)) found.add('offensive');
  }
  return ORDER.filter((reason) => found.has(reason));
}
