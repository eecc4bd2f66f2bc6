/**
 * How a person recorded by a write (an audit line, a response, an idea, a comment) is named on a page:
 * their name when the platform shared one, otherwise their role ("An instructor", "A learner"),
 * never their LMS user id. Review authors have the course's pseudonym instead (reviews/review-rules.ts).
 */
import type { CourseRole } from '../context/roles';
import { knownName } from '../context/person-name';
import type { Translate } from '../i18n/translate';

export function personLabel(person: { readonly id: string; readonly name?: string; readonly role?: CourseRole }, t: Translate): string {
  return knownName(person) ?? t(person.role === 'instructor' ? 'person.unnamed.instructor' : 'person.unnamed.learner');
}
