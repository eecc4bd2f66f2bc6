/**
 * Fills the demo's other courses (demo-seed-data.ts) with what their learners would have left:
 * launches (so reviews count as "took this course"), course settings, reviews, official responses,
 * a course version and corrective actions, an open consultation with its outline, poll and ideas.
 * Everything goes through the store's own ports, in the order real use would write it, so the
 * summaries, per-version figures and counters are exactly what the panels would have kept.
 *
 * Called by demoRoutes on start (never in production: the demo is off there; not in tests unless
 * they ask). A course that already has a review is left alone, so a restart adds nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { DeploymentKey, ContextKey } from '../context/tenant';
import type { CourseMember, Storage } from '../storage/port';
import { INITIAL_VERSION, type CourseVersion } from '../storage/ports/course-versions';
import type { ItemKey, Review } from '../storage/ports/reviews';
import { SEED_COURSES, SEED_LEARNERS, type SeedCourse, type SeedPerson } from './demo-seed-data';

const DAY = 24 * 60 * 60 * 1000;
/** The item a course's own reviews are of (panels/reviews/review-item.ts COURSE_ITEM). */
const COURSE_ITEM = 'course';
/** Learners first launched the course this long before their review (and the instructor before all). */
const LAUNCH_LEAD_DAYS = 10;

export interface SeedResult {
  /** Context ids of the courses seeded now (those that already had reviews are skipped). */
  readonly seeded: string[];
  readonly skipped: string[];
}

export async function seedDemo(storage: Storage, deployment: DeploymentKey, now: Date, courses: readonly SeedCourse[] = SEED_COURSES): Promise<SeedResult> {
  const result: SeedResult = { seeded: [], skipped: [] };
  for (const course of courses) {
    const key: ContextKey = { ...deployment, contextId: course.id };
    const item: ItemKey = { ...key, itemId: COURSE_ITEM };
    if ((await storage.reviews.countReviewers(item)) > 0) {
      result.skipped.push(course.id);
      continue;
    }
    await seedCourse(storage, key, item, course, now);
    result.seeded.push(course.id);
  }
  return result;
}

async function seedCourse(storage: Storage, key: ContextKey, item: ItemKey, course: SeedCourse, now: Date): Promise<void> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const instructor = { id: course.instructor.id, name: fullName(course.instructor), role: 'instructor' as const };
  const oldest = Math.max(...course.reviews.map((r) => r.daysAgo), course.consultation?.daysAgo ?? 0);
  await storage.members.recordLaunch(key, instructor.id, instructor.name, 'instructor', at(oldest + LAUNCH_LEAD_DAYS + 1));
  // What a launch records for the catalogue (launch/complete-launch.ts), with Moodle's course URL.
  const lmsUrl = `${key.issuer.replace(/\/+$/, '')}/course/view.php?id=${encodeURIComponent(course.id)}`;
  await storage.catalogue.recordCourse(key, { title: course.title, label: course.label, lmsUrl }, randomBytes(18).toString('base64url'), at(oldest + LAUNCH_LEAD_DAYS + 1));
  await storage.settings.saveSettings(key, courseSettings(course, instructor.name, at(oldest + LAUNCH_LEAD_DAYS)), {
    course: key,
    at: at(oldest + LAUNCH_LEAD_DAYS),
    actor: instructor,
    action: 'settings.update',
    subject: { type: 'settings', id: key.contextId },
  });

  const versions = await createVersions(storage, key, course, instructor, at);
  const reviews: Review[] = [];
  for (const seed of course.reviews) {
    const author = learner(seed.by);
    const member = await storage.members.recordLaunch(key, author.id, fullName(author), 'learner', at(seed.daysAgo + LAUNCH_LEAD_DAYS));
    const written = at(seed.daysAgo);
    const { review } = await storage.reviews.saveReview(
      {
        item,
        author: { id: author.id, name: fullName(author), givenName: author.givenName, familyName: author.familyName },
        rating: seed.rating,
        aspects: seed.aspects ?? {},
        title: seed.title,
        liked: seed.liked,
        improve: seed.improve,
        status: 'published',
        holdReasons: [],
        verified: tookCourse(member),
        versionId: versionAt(versions, written),
      },
      written,
    );
    reviews.push(review);
    if (seed.response) await storage.responses.respond(key, review.id, { text: seed.response, by: instructor, at: at(Math.max(0, seed.daysAgo - 2)) });
  }
  await createActions(storage, key, course, reviews, versions, instructor, at);
  await createConsultation(storage, key, course, at);
}

function learner(id: string): SeedPerson {
  const person = SEED_LEARNERS.find((p) => p.id === id);
  if (!person) throw new Error(`demo seed: no learner ${id}`);
  return person;
}

function fullName(person: SeedPerson): string {
  return `${person.givenName} ${person.familyName}`;
}

/** "Took this course" comes from launch records, as in postReview. */
function tookCourse(member: CourseMember): boolean {
  return Boolean(member.firstLearnerLaunchAt);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function courseSettings(course: SeedCourse, by: string, at: Date) {
  return {
    reviewsEnabled: true,
    consumerGroupEnabled: true,
    textVisibility: 'everyone' as const,
    moderation: 'immediate' as const,
    authorDisplay: 'first-initial' as const,
    minRatings: 3,
    aspects: [...course.aspects],
    reviewWindow: { mode: 'any' as const },
    feedbackCredit: false,
    // The summary is what the course page shows; the catalogue shows it too, as an instructor would write it.
    catalogue: { listed: true, description: course.summary, courseUrl: '', badge: true },
    updatedAt: at,
    updatedBy: by,
  };
}

/** The course version each done action took effect in, by the action's index. */
async function createVersions(
  storage: Storage,
  key: ContextKey,
  course: SeedCourse,
  instructor: { id: string; name: string },
  at: (daysAgo: number) => Date,
): Promise<Map<number, CourseVersion>> {
  const versions = new Map<number, CourseVersion>();
  for (const [index, action] of (course.actions ?? []).entries()) {
    if (!action.version) continue;
    const start = at(action.version.startsDaysAgo);
    const version = await storage.courseVersions.createVersion({
      course: key,
      label: action.version.label,
      startsOn: day(start),
      createdAt: at(action.version.startsDaysAgo + 1),
      createdBy: { id: instructor.id, name: instructor.name },
    });
    versions.set(index, version);
  }
  return versions;
}

/** The version current on that day, as currentVersionId decides for a learner's review. */
function versionAt(versions: ReadonlyMap<number, CourseVersion>, date: Date): string {
  let current = INITIAL_VERSION;
  const sorted = [...versions.values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  for (const v of sorted) if (v.startsOn <= day(date)) current = v.id;
  return current;
}

async function createActions(
  storage: Storage,
  key: ContextKey,
  course: SeedCourse,
  reviews: readonly Review[],
  versions: ReadonlyMap<number, CourseVersion>,
  instructor: { id: string; name: string },
  at: (daysAgo: number) => Date,
): Promise<void> {
  for (const [index, seed] of (course.actions ?? []).entries()) {
    const dueOn = seed.dueInDays === undefined ? undefined : day(at(-seed.dueInDays));
    const action = await storage.actions.createAction({
      course: key,
      description: seed.description,
      dueOn,
      status: 'planned',
      reviewIds: seed.reviews.map((i) => reviews[i].id),
      createdBy: { id: instructor.id, name: instructor.name },
      createdAt: at(seed.daysAgo),
    });
    if (seed.status === 'planned') continue;
    const version = versions.get(index);
    await storage.actions.updateAction(
      key,
      action.id,
      { description: seed.description, status: seed.status, dueOn, doneInVersion: seed.status === 'done' ? version?.id : undefined },
      version ? new Date(Date.parse(`${version.startsOn}T09:00:00.000Z`)) : at(Math.max(0, seed.daysAgo - 5)),
    );
  }
}

async function createConsultation(storage: Storage, key: ContextKey, course: SeedCourse, at: (daysAgo: number) => Date): Promise<void> {
  const seed = course.consultation;
  if (!seed) return;
  const opened = at(seed.daysAgo);
  const consultation = await storage.consultations.createConsultation(
    key,
    { title: seed.title, brief: seed.brief, questions: [...seed.questions], opensOn: day(opened), closesOn: day(at(-seed.closesInDays)), status: 'open' },
    opened,
  );
  await storage.consultations.addSection(key, consultation.id, seed.section, opened);
  const poll = await storage.consultations.addPoll(key, consultation.id, { ...seed.poll, options: [...seed.poll.options] }, opened);
  const participant = (id: string) => ({ id, name: fullName(learner(id)), role: 'learner' as const });
  for (const [id, choices] of Object.entries(seed.poll.answers)) {
    if (poll) await storage.consultations.answerPoll(key, poll.id, participant(id), choices, at(seed.daysAgo - 1));
  }
  for (const [index, idea] of seed.ideas.entries()) {
    const proposed = at(seed.daysAgo - 1 - index);
    const stored = await storage.consultations.proposeIdea(
      key,
      { kind: 'idea', consultationId: consultation.id, author: participant(idea.by), creditConsent: true, title: idea.title, description: idea.description, situation: '', language: course.language },
      proposed,
    );
    for (const voter of idea.voters) await storage.consultations.setVote(key, stored.id, participant(voter), true, at(seed.daysAgo - 2 - index));
  }
}
