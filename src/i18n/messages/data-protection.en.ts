/** English texts of data-protection requests: the audit line an erasure leaves in each course. */
export const dataProtectionEn = {
  'moderation.action.user.erase': "erased a person's data at an administrator's request",
  'audit.reason.user.erased':
    'Erasure {reference}. Deleted — reviews: {reviews}, helpful votes: {helpfulVotes}, reports: {reports}, idea votes: {ideaVotes}, poll answers: {pollAnswers}, other records: {recordsDeleted}. Kept without name — ideas: {ideasAnonymised}, comments: {commentsAnonymised}, other records: {recordsAnonymised}.',
} as const;
