/** English texts of the public rating badge (the SVG image, its public page and its snippet). */
export const badgeEn = {
  // Two texts, so that the ICU plural message has a single argument (test/unit/i18n.test.ts formats every message).
  'badge.rated': 'Rated {average} out of 5 by {learners}',
  'badge.learners': '{count, plural, one {# learner} other {# learners}}',
  'badge.count': '({count})',
  'badge.soon': 'Reviews open soon',
  'badge.soon.long': 'Ratings are shown once {needed, plural, one {# learner has} other {# learners have}} rated this course.',
  'badge.about': 'Learner ratings for {title}',
  'badge.page.kicker': 'Learner ratings',
  'badge.page.aspects': 'By aspect',
  'badge.page.aspectLine': '{label}: {average} out of 5',
  'badge.page.explain': 'These figures come from the learners who took this course. What learners say is shown to learners of the platform in the catalogue.',
  'badge.page.privacy': 'This page shows averages only: no learner can be identified from it.',
  'badge.page.openCourse': 'Open the course in your learning platform',
} as const;
