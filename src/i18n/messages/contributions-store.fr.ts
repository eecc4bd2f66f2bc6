import type { contributionsStoreEn } from './contributions-store.en';

/** Textes du stockage des contributions : actions du journal et refus de fichiers. */
export const contributionsStoreFr: Record<keyof typeof contributionsStoreEn, string> = {
  'moderation.action.contribution.publish': 'a publié une contribution',
  'moderation.action.contribution.hold': 'a retenu une contribution',
  'moderation.action.contribution.feature': 'a mis une contribution en avant',
  'moderation.action.contribution.unfeature': 'a retiré une contribution de la mise en avant',
  'moderation.action.contribution.reuse': 'a enregistré une réutilisation d’une contribution',
  'moderation.action.contribution.unreuse': 'a retiré une réutilisation d’une contribution',
  'moderation.action.contribution.credit-edit': 'a modifié la mention de crédit d’une contribution avec l’accord de son auteur',
  'moderation.action.contribution-comment.publish': 'a publié un commentaire sur une contribution',
  'moderation.action.contribution-comment.hold': 'a retenu un commentaire sur une contribution',
  'moderation.action.contribution-comment.hide': 'a masqué un commentaire sur une contribution',
};
