import type { badgeEn } from './badge.en';

/** Textes français du badge public de notes (l’image SVG, sa page publique et son extrait HTML). */
export const badgeFr: Record<keyof typeof badgeEn, string> = {
  'badge.rated': 'Noté {average} sur 5 par {learners}',
  'badge.learners': '{count, plural, one {# apprenant} other {# apprenants}}',
  'badge.count': '({count})',
  'badge.soon': 'Avis bientôt',
  'badge.soon.long': 'Les notes s’affichent dès que {needed, plural, one {# apprenant a} other {# apprenants ont}} noté ce cours.',
  'badge.about': 'Notes des apprenants pour {title}',
  'badge.page.kicker': 'Notes des apprenants',
  'badge.page.aspects': 'Par critère',
  'badge.page.aspectLine': '{label} : {average} sur 5',
  'badge.page.explain': 'Ces chiffres viennent des apprenants qui ont suivi ce cours. Ce que disent les apprenants est visible des apprenants de la plateforme, dans le catalogue.',
  'badge.page.privacy': 'Cette page ne montre que des moyennes : aucun apprenant ne peut y être reconnu.',
  'badge.page.openCourse': 'Ouvrir le cours dans votre plateforme de formation',
};
