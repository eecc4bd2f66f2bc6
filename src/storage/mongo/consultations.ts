import type { ConsultationStore } from '../ports/consultations';
import { mongoCommentPart } from './comment-store';
import { createConsultationIndexes } from './consultation-models';
import { mongoConsultationPart } from './consultation-store';
import { mongoIdeaPart } from './idea-store';
import { mongoParticipantNamePart } from './participant-names';

/** The consumer-group store on MongoDB; its unique and text indexes exist before the first write. */
export async function openMongoConsultationStore(): Promise<ConsultationStore> {
  await createConsultationIndexes();
  return { ...mongoConsultationPart(), ...mongoIdeaPart(), ...mongoCommentPart(), ...mongoParticipantNamePart() };
}
