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
  // Refusals of contributions/files/check-file.ts (FileRefusal) and http/multipart-upload.ts (UploadProblem); {limit} is a formatted size.
  'contributions.file.refused.empty': "Le fichier est vide.",
  'contributions.file.refused.too-large': "Le fichier dépasse la limite de {limit}.",
  'contributions.file.refused.unknown-type': "Ce type de fichier n’est pas accepté. Partagez un PDF, une image (PNG, JPEG, GIF, WebP), un document bureautique (Word, Excel, PowerPoint, OpenDocument) ou du texte brut.",
  'contributions.file.refused.markup': "Les fichiers SVG, HTML et XML ne sont pas acceptés : ils peuvent contenir des scripts. Exportez-le plutôt en PDF ou en PNG.",
  'contributions.file.refused.executable': "Les programmes et les scripts ne sont pas acceptés.",
  'contributions.file.refused.polyglot': "Ce fichier contient aussi un autre type de contenu (une archive, du code web ou des scripts PDF) ; il n’est donc pas accepté. Enregistrez-le de nouveau depuis son application et réessayez.",
  'contributions.file.refused.archive': "Ce document n’est pas accepté : ce n’est pas un simple document bureautique (macros, trop de parties ou noms inhabituels). Enregistrez-le sans macros et réessayez.",
  'contributions.file.refused.damaged': "Le fichier semble endommagé : il ne correspond pas à ce qu’annoncent ses premiers octets. Enregistrez-le de nouveau et réessayez.",
  'contributions.upload.not-multipart': "Le formulaire n’a pas pu être lu. Rechargez la page et réessayez.",
  'contributions.upload.malformed': "Le formulaire n’a pas pu être lu. Rechargez la page et réessayez.",
  'contributions.upload.file-too-large': "Le fichier dépasse la limite de {limit}.",
  'contributions.upload.too-many-files': "Joignez un seul fichier.",
  'contributions.upload.too-many-fields': "Le formulaire contient plus de champs que prévu. Rechargez la page et réessayez.",
  'contributions.upload.field-too-large': "Un champ est plus long que permis. Raccourcissez-le et réessayez.",
};
