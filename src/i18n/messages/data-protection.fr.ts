/** Textes français des demandes de protection des données : la ligne du journal qu’un effacement laisse dans chaque cours. */
import type { dataProtectionEn } from './data-protection.en';

export const dataProtectionFr: Record<keyof typeof dataProtectionEn, string> = {
  'moderation.action.user.erase': 'a effacé les données d’une personne à la demande d’un administrateur',
  'audit.reason.user.erased':
    'Effacement {reference}. Supprimé — avis : {reviews}, votes « utile » : {helpfulVotes}, signalements : {reports}, votes pour des idées : {ideaVotes}, réponses aux sondages : {pollAnswers}, autres données : {recordsDeleted}. Conservé sans nom — idées : {ideasAnonymised}, commentaires : {commentsAnonymised}, autres données : {recordsAnonymised}.',
};
