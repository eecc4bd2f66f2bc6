/**
 * The demo site's other courses and what their learners said, written for the demo (English courses
 * reviewed in English, French ones in French, with French punctuation: U+202F before : ; ! ?).
 * Dates are days before the seeding, so a fresh `npm start` always shows recent activity. The
 * texts are clean of e-mail addresses, phone numbers, links and offensive words: real use would have
 * published them at once (see panels/reviews/content-policy.ts).
 */
import type { AspectId } from '../storage/ports/course-settings';
import type { ActionStatus } from '../storage/ports/corrective-actions';
import type { PollKind } from '../storage/ports/consultations';
import type { Rating } from '../storage/ports/reviews';

export interface SeedPerson {
  /** The LMS user id (Moodle's), as launches would carry it in `sub`. */
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
}

export interface SeedReview {
  /** A learner of SEED_LEARNERS. */
  readonly by: string;
  readonly rating: Rating;
  readonly aspects?: Readonly<Partial<Record<AspectId, Rating>>>;
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  readonly daysAgo: number;
  /** The instructor's official response, a day or two later. */
  readonly response?: string;
}

export interface SeedAction {
  readonly description: string;
  readonly status: ActionStatus;
  readonly dueInDays?: number;
  /** Indexes in the course's reviews of the reviews it answers. */
  readonly reviews: readonly number[];
  readonly daysAgo: number;
  /** A done action takes effect in a new course version, which starts this many days ago. */
  readonly version?: { readonly label: string; readonly startsDaysAgo: number };
}

export interface SeedConsultation {
  readonly title: string;
  readonly brief: string;
  readonly questions: readonly string[];
  readonly daysAgo: number;
  readonly closesInDays: number;
  readonly section: { readonly title: string; readonly text: string };
  readonly poll: { readonly question: string; readonly kind: PollKind; readonly options: readonly string[]; readonly answers: Readonly<Record<string, readonly number[]>> };
  readonly ideas: ReadonlyArray<{ readonly by: string; readonly title: string; readonly description: string; readonly voters: readonly string[] }>;
}

export interface SeedCourse {
  /** Moodle course id: context id and numeric id alike. */
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly summary: string;
  readonly language: 'en' | 'fr';
  readonly instructor: SeedPerson;
  /** Aspects the course asks learners to rate (its settings). */
  readonly aspects: readonly AspectId[];
  readonly reviews: readonly SeedReview[];
  readonly actions?: readonly SeedAction[];
  readonly consultation?: SeedConsultation;
}

export const SEED_LEARNERS: readonly SeedPerson[] = [
  { id: '101', givenName: 'Aisha', familyName: 'Khan' },
  { id: '102', givenName: 'Lucas', familyName: 'Martin' },
  { id: '103', givenName: 'Emma', familyName: 'Wilson' },
  { id: '104', givenName: 'Chloé', familyName: 'Bernard' },
  { id: '105', givenName: 'Daniel', familyName: 'Okafor' },
  { id: '106', givenName: 'Léa', familyName: 'Moreau' },
  { id: '107', givenName: 'Priya', familyName: 'Nair' },
  { id: '108', givenName: 'Hugo', familyName: 'Lefèvre' },
  { id: '109', givenName: 'Tom', familyName: 'Becker' },
  { id: '110', givenName: 'Inès', familyName: 'Garnier' },
];

const NB = '\u202F';

export const SEED_COURSES: readonly SeedCourse[] = [
  {
    id: '3',
    label: 'AGILE101',
    title: 'Agile project management',
    summary: 'Scrum and Kanban from the first backlog to the retrospective, with a sprint run in teams.',
    language: 'en',
    instructor: { id: '201', givenName: 'Morgan', familyName: 'Lee' },
    aspects: ['content', 'trainer', 'usefulness'],
    reviews: [
      { by: '101', rating: 3, aspects: { content: 3, trainer: 4, usefulness: 3 }, title: 'Good basics, too many slides', liked: 'The trainer knows Scrum inside out and answers every question.', improve: 'Two full hours of slides before we touched a backlog.', daysAgo: 190 },
      { by: '103', rating: 2, aspects: { content: 2, trainer: 3, usefulness: 2 }, title: 'Needed more practice', liked: 'The Kanban board examples were clear.', improve: 'We never planned a sprint ourselves. I left knowing the words, not the job.', daysAgo: 160, response: 'Thank you for saying it plainly. From the next session half of the second day is a sprint simulation in teams.' },
      { by: '105', rating: 3, aspects: { content: 3, trainer: 4, usefulness: 3 }, title: 'Solid but theoretical', liked: 'Clear comparison between Scrum and Kanban.', improve: 'More exercises on estimation, please.', daysAgo: 130 },
      { by: '107', rating: 4, aspects: { content: 4, trainer: 4, usefulness: 4 }, title: 'Useful for my new role', liked: 'The retrospective formats work with my team.', improve: 'The handout is very dense.', daysAgo: 100 },
      { by: '109', rating: 2, aspects: { content: 2, trainer: 3, usefulness: 2 }, title: 'Too much lecture', liked: 'Friendly group and good coffee breaks.', improve: 'Mostly listening. I expected to practise user stories.', daysAgo: 70, response: 'You are right, and you were not alone. The revised course replaces two lecture hours with a sprint simulation.' },
      { by: '102', rating: 4, aspects: { content: 4, trainer: 5, usefulness: 4 }, title: 'The sprint simulation makes it click', liked: 'Planning and running a short sprint in teams made everything concrete.', improve: 'The simulation could last a little longer.', daysAgo: 30 },
      { by: '104', rating: 5, aspects: { content: 5, trainer: 5, usefulness: 5 }, title: 'Exactly what I needed', liked: 'Hands-on from the first morning; I used the board with my team the next week.', improve: 'Nothing important.', daysAgo: 22, response: 'Thank you, glad the board is already in use!' },
      { by: '106', rating: 5, aspects: { content: 5, trainer: 5, usefulness: 4 }, title: 'Practical and lively', liked: 'Estimation poker and the sprint review were great fun.', improve: 'A short cheat sheet at the end would help.', daysAgo: 15 },
      { by: '108', rating: 4, aspects: { content: 4, trainer: 4, usefulness: 5 }, title: 'Much better than I was told', liked: 'Colleagues said it was all theory; it is not any more.', improve: 'Some slides are still crowded.', daysAgo: 8 },
    ],
    actions: [
      { description: 'Replace two lecture hours with a sprint simulation in teams', status: 'done', reviews: [1, 4], daysAgo: 65, version: { label: 'Revised after feedback: sprint simulation', startsDaysAgo: 45 } },
      { description: 'Shorten the handout and add a one-page cheat sheet', status: 'planned', dueInDays: 40, reviews: [3, 7], daysAgo: 10 },
    ],
  },
  {
    id: '4',
    label: 'EXCEL-DATA',
    title: 'Excel pour l’analyse de données',
    summary: 'Tableaux croisés dynamiques, Power Query et graphiques pour analyser vos données sans programmer.',
    language: 'fr',
    instructor: { id: '202', givenName: 'Sophie', familyName: 'Laurent' },
    aspects: ['content', 'materials'],
    reviews: [
      { by: '102', rating: 5, aspects: { content: 5, materials: 5 }, title: `Enfin compris les tableaux croisés${NB}!`, liked: 'Les exemples viennent de vrais fichiers de notre service.', improve: `Rien à signaler${NB}: tout était clair.`, daysAgo: 120, response: `Merci beaucoup${NB}! Ravie que les exemples vous aient parlé.` },
      { by: '104', rating: 4, aspects: { content: 4, materials: 3 }, title: 'Très utile au quotidien', liked: 'Power Query m’a déjà fait gagner des heures.', improve: 'Les fichiers d’exercices corrigés n’étaient pas fournis.', daysAgo: 95 },
      { by: '106', rating: 5, aspects: { content: 5, materials: 4 }, title: 'Formatrice excellente', liked: `Patiente, précise et toujours disponible pour une question${NB}; on avance à son rythme.`, improve: 'Un peu court sur les graphiques.', daysAgo: 60 },
      { by: '108', rating: 3, aspects: { content: 3, materials: 2 }, title: 'Bien, mais rythme soutenu', liked: 'Le contenu est riche.', improve: 'Trop rapide pour les débutants et pas de corrigés pour réviser.', daysAgo: 40, response: 'Merci pour ce retour. Nous préparons des corrigés téléchargeables et une option de révision en fin de journée.' },
      { by: '110', rating: 4, aspects: { content: 4, materials: 4 }, title: 'Bon équilibre', liked: 'Beaucoup de pratique, peu de théorie.', improve: 'Prévoir une pause de plus l’après-midi.', daysAgo: 20 },
      { by: '101', rating: 5, aspects: { content: 5, materials: 5 }, title: 'Je recommande', liked: 'Les fonctions de recherche enfin maîtrisées.', improve: 'Une suite sur les tableaux de bord serait la bienvenue.', daysAgo: 6 },
    ],
    actions: [{ description: 'Fournir les fichiers d’exercices corrigés à télécharger', status: 'in-progress', dueInDays: 14, reviews: [1, 3], daysAgo: 35 }],
  },
  {
    id: '5',
    label: 'LEAD200',
    title: 'Leadership for new managers',
    summary: 'Your first year as a manager: one-to-ones, feedback that lands, delegation and difficult conversations.',
    language: 'en',
    instructor: { id: '203', givenName: 'James', familyName: 'Carter' },
    aspects: ['trainer', 'usefulness', 'organisation'],
    reviews: [
      { by: '103', rating: 5, aspects: { trainer: 5, usefulness: 5, organisation: 4 }, title: 'Changed how I run my one-to-ones', liked: 'Role plays with real situations from our teams.', improve: 'The room was a bit small for the group.', daysAgo: 150, response: 'Thank you! We have booked a larger room for the next sessions.' },
      { by: '105', rating: 5, aspects: { trainer: 5, usefulness: 5, organisation: 5 }, title: 'The best course I have taken here', liked: 'Practical advice I could use on Monday morning.', improve: 'I would love a follow-up session after three months.', daysAgo: 110 },
      { by: '107', rating: 4, aspects: { trainer: 5, usefulness: 4, organisation: 3 }, title: 'Great content, tight schedule', liked: 'The feedback model is simple and it works.', improve: 'Day two ran late twice.', daysAgo: 75 },
      { by: '109', rating: 4, aspects: { trainer: 4, usefulness: 4, organisation: 4 }, title: 'Reassuring', liked: 'Hearing other new managers share the same worries.', improve: 'More on delegation, less on theory of motivation.', daysAgo: 45 },
      { by: '110', rating: 5, aspects: { trainer: 5, usefulness: 5, organisation: 4 }, title: 'Concrete and kind', liked: 'The trainer makes difficult conversations feel manageable.', improve: 'Nothing to add.', daysAgo: 12 },
    ],
  },
  {
    id: '6',
    label: 'SECU-INC',
    title: 'Sécurité incendie',
    summary: 'Réagir face à un départ de feu, utiliser un extincteur et guider une évacuation, avec exercice pratique.',
    language: 'fr',
    instructor: { id: '204', givenName: 'Marc', familyName: 'Dubois' },
    aspects: ['content', 'organisation'],
    reviews: [
      { by: '104', rating: 4, aspects: { content: 4, organisation: 4 }, title: 'Exercice d’extinction très formateur', liked: 'Manipuler un vrai extincteur, ça change tout.', improve: 'La partie théorique pourrait être plus courte.', daysAgo: 140 },
      { by: '106', rating: 3, aspects: { content: 4, organisation: 2 }, title: 'Utile mais mal organisé', liked: 'Le formateur connaît son sujet.', improve: `Horaire changé la veille, et pas de salle pour l’exercice au début${NB}: on a attendu quarante minutes.`, daysAgo: 90, response: 'Toutes nos excuses pour ce contretemps. La salle d’exercice est désormais réservée en même temps que la session.' },
      { by: '108', rating: 4, aspects: { content: 4, organisation: 4 }, title: 'Indispensable', liked: 'Les consignes d’évacuation sont enfin claires pour moi.', improve: 'Un rappel écrit des consignes serait pratique.', daysAgo: 50 },
      { by: '102', rating: 5, aspects: { content: 5, organisation: 5 }, title: `Bien mieux que prévu${NB}!`, liked: 'Rythmé, concret, et on repart avec les bons réflexes.', improve: 'Rien.', daysAgo: 18 },
    ],
  },
  {
    id: '7',
    label: 'PY-DATA',
    title: 'Python for data analysis',
    summary: 'pandas, notebooks and charts: load, clean and explore real data sets, no prior programming needed.',
    language: 'en',
    instructor: { id: '205', givenName: 'Nina', familyName: 'Patel' },
    aspects: ['content', 'workload', 'materials'],
    reviews: [
      { by: '101', rating: 5, aspects: { content: 5, workload: 4, materials: 5 }, title: 'From zero to pandas', liked: 'The notebooks are excellent and I still use them.', improve: 'The first morning on installation felt long.', daysAgo: 170 },
      { by: '105', rating: 4, aspects: { content: 4, workload: 3, materials: 5 }, title: 'Demanding but worth it', liked: 'Real data sets from our own reports.', improve: 'A lot of homework between the two days.', daysAgo: 120, response: 'Thanks for the feedback. We have trimmed the homework to one exercise.' },
      { by: '107', rating: 4, aspects: { content: 4, workload: 4, materials: 4 }, title: 'Clear progression', liked: 'Each exercise builds on the previous one.', improve: 'I would like more on charts.', daysAgo: 80 },
      { by: '103', rating: 3, aspects: { content: 3, workload: 2, materials: 4 }, title: 'Fast for beginners', liked: 'Helpful trainer during the exercises.', improve: 'Day one assumes you already know some programming.', daysAgo: 40, response: 'Thank you. We now send a short warm-up notebook a week before the course.' },
      { by: '109', rating: 5, aspects: { content: 5, workload: 4, materials: 5 }, title: 'Immediately useful', liked: 'I automated my weekly report the day after.', improve: 'An advanced follow-up would be great.', daysAgo: 9 },
    ],
    consultation: {
      title: 'An advanced module: what should it cover?',
      brief: 'Several of you asked for a follow-up course. Tell us what you would use at work, and vote for the ideas you want first.',
      questions: ['Which tasks would you automate first?', 'Would you rather have one full day or two half days?'],
      daysAgo: 7,
      closesInDays: 21,
      section: { title: 'Draft outline: day 1', text: 'Morning: reading messy files and joining tables. Afternoon: charts that explain a trend to your manager.' },
      poll: { question: 'Which format suits you best?', kind: 'single', options: ['One full day', 'Two half days', 'Four short online sessions'], answers: { '101': [1], '105': [1], '107': [0], '109': [2] } },
      ideas: [
        { by: '109', title: 'Automate a monthly Excel report', description: 'Start from our real monthly report and turn it into a script we can run each month.', voters: ['101', '105', '107'] },
        { by: '107', title: 'Dashboards with charts', description: 'Build a simple dashboard that updates when the data changes.', voters: ['103', '109'] },
      ],
    },
  },
];
