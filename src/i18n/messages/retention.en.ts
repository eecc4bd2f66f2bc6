/** English texts of retention (README, "Retention"): how the moderation log shows a purge of review texts. */
export const retentionEn = {
  'moderation.action.review.texts-purged': 'removed the texts of reviews kept out of view too long',
  // One argument only (count): the entry also stores the policy's days, which the log need not repeat.
  'audit.reason.retention.reviewTexts':
    '{count, plural, one {# review waiting for moderation or hidden, unchanged} other {# reviews waiting for moderation or hidden, unchanged}} for longer than the retention period: texts removed, ratings kept',
} as const;
