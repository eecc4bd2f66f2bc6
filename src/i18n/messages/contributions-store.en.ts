/** Texts of the contributions' storage side: audit actions and file refusals (the panel has its own file). */
export const contributionsStoreEn = {
  'moderation.action.contribution.publish': 'published a contribution',
  'moderation.action.contribution.hold': 'held a contribution',
  'moderation.action.contribution.feature': 'featured a contribution',
  'moderation.action.contribution.unfeature': 'stopped featuring a contribution',
  'moderation.action.contribution.reuse': 'recorded a reuse of a contribution',
  'moderation.action.contribution.unreuse': 'removed a reuse of a contribution',
  'moderation.action.contribution.credit-edit': "edited a contribution's credit line with the contributor's consent",
  'moderation.action.contribution-comment.publish': 'published a comment on a contribution',
  'moderation.action.contribution-comment.hold': 'held a comment on a contribution',
  'moderation.action.contribution-comment.hide': 'hid a comment on a contribution',
} as const;
