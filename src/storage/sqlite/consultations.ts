import type { ConsultationStore } from '../ports/consultations';
import { sqliteCommentPart } from './comment-store';
import { sqliteConsultationPart } from './consultation-store';
import type { SqliteDatabase } from './database';
import { sqliteIdeaPart } from './idea-store';
import { sqliteParticipantNamePart } from './participant-names';

/** The consumer-group store on SQLite, assembled from its three parts (each prepares its own statements). */
export function createSqliteConsultationStore(db: SqliteDatabase): ConsultationStore {
  return { ...sqliteConsultationPart(db), ...sqliteIdeaPart(db), ...sqliteCommentPart(db), ...sqliteParticipantNamePart(db) };
}
