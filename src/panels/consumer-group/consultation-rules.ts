/**
 * When a consultation takes contributions, and who sees it. Dates are calendar days in UTC: a
 * consultation opening on the 3rd takes ideas from 00:00 UTC that day, and closing on the 10th
 * takes them until the end of that day.
 */
import type { CourseRole } from '../../context/roles';
import type { Consultation } from '../../storage/ports/consultations';

export type ConsultationPhase = 'draft' | 'upcoming' | 'open' | 'closed';

export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function phaseOf(consultation: Pick<Consultation, 'status' | 'opensOn' | 'closesOn'>, now: Date): ConsultationPhase {
  if (consultation.status !== 'open') return consultation.status;
  const today = dayOf(now);
  if (consultation.opensOn && today < consultation.opensOn) return 'upcoming';
  if (consultation.closesOn && today > consultation.closesOn) return 'closed';
  return 'open';
}

/** New ideas, votes and poll answers are taken only while the consultation is open. */
export function takesContributions(consultation: Pick<Consultation, 'status' | 'opensOn' | 'closesOn'>, now: Date): boolean {
  return phaseOf(consultation, now) === 'open';
}

/** Learners never see drafts: to them a draft does not exist (404). */
export function visibleTo(consultation: Pick<Consultation, 'status'>, role: CourseRole): boolean {
  return role === 'instructor' || consultation.status !== 'draft';
}
