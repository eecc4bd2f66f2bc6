/**
 * One course as the catalogue shows it, read from the stores and filtered by the course's own
 * settings with the reviews panel's rule for learners (review-rules.ts visibilityFor): below the
 * minimum number of ratings no figure and no text; texts only when the course shows them to
 * everyone; nothing at all when the course is not listed. Staff-only texts (hidden reasons, audit,
 * responses' authors) are never read here.
 */
import type { ContextKey } from '../context/tenant';
import { COURSE_ITEM } from '../panels/reviews/review-item';
import { visibilityFor } from '../panels/reviews/review-rules';
import { beforeAfter } from '../panels/reviews/loop/loop-rules';
import { courseSettings } from '../panels/settings/settings-defaults';
import type { Storage } from '../storage/port';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import type { CourseSettings } from '../storage/ports/course-settings';
import type { ItemKey, Review } from '../storage/ports/reviews';
import type { CatalogueAnswers, CatalogueExcerpt, CatalogueRating, CourseEntry } from './catalogue-entry';

const EXCERPTS_SHOWN = 2;
/** Public texts searched (weighted lower) besides the excerpts: the most helpful ones. */
const TEXTS_SEARCHED = 8;
const EXCERPT_CHARS = 220;
const SEARCH_TEXT_CHARS = 600;

export interface BuiltCourseEntry {
  /** null: the course is not listed. */
  readonly entry: CourseEntry | null;
  /** Epoch ms after which the entry must be built again although nothing was written (a consultation opens or closes by date). */
  readonly staleAt?: number;
}

export async function buildCourseEntry(storage: Storage, record: CatalogueCourse, now: Date): Promise<BuiltCourseEntry> {
  const course = record.course;
  const settings = await courseSettings(storage.settings, course);
  const catalogue = settings.catalogue!;
  if (!catalogue.listed) return { entry: null };
  const item: ItemKey = { ...course, itemId: COURSE_ITEM };
  const [summary, consultation] = await Promise.all([storage.reviews.summary(item, now), openConsultation(storage, course, now)]);
  const visible = visibilityFor(settings, false, summary.overall.count);
  const shown = settings.reviewsEnabled && visible.summary && summary.overall.count > 0;
  const texts = shown && visible.texts ? await publicTexts(storage, item) : [];
  return {
    entry: {
      kind: 'course',
      id: `c:${course.contextId}`,
      contextId: course.contextId,
      title: record.title,
      ...(record.label && record.label !== record.title ? { label: record.label } : {}),
      description: catalogue.description,
      ...(languageOf(record.title, catalogue.description) ? { language: languageOf(record.title, catalogue.description) } : {}),
      updatedAt: record.lastLaunchAt,
      ...(shown ? { rating: ratingOf(summary, settings), answers: await answersOf(storage, item, settings) } : {}),
      excerpts: texts.slice(0, EXCERPTS_SHOWN).map(excerptOf),
      searchTexts: texts.slice(EXCERPTS_SHOWN).map((r) => clip(textOf(r), SEARCH_TEXT_CHARS)),
      openConsultation: consultation.open,
      ...(catalogue.courseUrl || record.lmsUrl ? { courseUrl: catalogue.courseUrl || record.lmsUrl } : {}),
    },
    ...(consultation.staleAt !== undefined ? { staleAt: consultation.staleAt } : {}),
  };
}

function ratingOf(summary: Awaited<ReturnType<Storage['reviews']['summary']>>, settings: CourseSettings): CatalogueRating {
  const aspects: Partial<Record<string, number>> = {};
  for (const aspect of settings.aspects) {
    const stats = summary.aspects[aspect];
    if (stats && stats.count > 0) aspects[aspect] = stats.sum / stats.count;
  }
  return { average: summary.overall.sum / summary.overall.count, count: summary.overall.count, aspects };
}

async function publicTexts(storage: Storage, item: ItemKey): Promise<Review[]> {
  const page = await storage.reviews.listReviews(item, { sort: 'helpful', statuses: ['published'], limit: EXCERPTS_SHOWN + TEXTS_SEARCHED });
  return page.items.filter((r) => textOf(r) !== '');
}

function textOf(review: Review): string {
  return [review.title, review.liked, review.improve].map((part) => part.trim()).filter(Boolean).join(' — ');
}

/** The review's title and what it says first (liked, or else what to improve): a quote, not the whole review. */
function excerptOf(review: Review): CatalogueExcerpt {
  const parts = [review.title.trim(), (review.liked.trim() || review.improve.trim())].filter(Boolean);
  return { reviewId: review.id, rating: review.rating, text: clip(parts.join(' — '), EXCERPT_CHARS) };
}

/** Cut at a word boundary, with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

async function answersOf(storage: Storage, item: ItemKey, settings: CourseSettings): Promise<CatalogueAnswers> {
  const [counts, actions, versions, figures] = await Promise.all([
    storage.catalogue.answerCounts(item),
    storage.actions.listActions(item, 50),
    storage.courseVersions.listVersions(item),
    storage.reviews.versionSummaries(item),
  ]);
  const done = actions.filter((a) => a.status === 'done');
  const latest = done.find((a) => a.doneInVersion);
  const split = latest ? beforeAfter(versions, figures, latest.doneInVersion!, Math.max(settings.minRatings, 1)) : null;
  const mean = (s: { sum: number; count: number }) => s.sum / s.count;
  return {
    answered: counts.answered,
    reviews: counts.reviews,
    improvements: done.length,
    ...(latest
      ? {
          latest: {
            description: clip(latest.description, EXCERPT_CHARS),
            ...(split?.beforeShown ? { before: mean(split.before) } : {}),
            ...(split?.afterShown ? { after: mean(split.after) } : {}),
          },
        }
      : {}),
  };
}

/** Whether a consultation takes contributions today, and when that answer changes by date alone. */
async function openConsultation(storage: Storage, course: ContextKey, now: Date): Promise<{ open: boolean; staleAt?: number }> {
  const page = await storage.consultations.listConsultations(course, ['open'], { limit: 20 });
  const today = now.toISOString().slice(0, 10);
  let open = false;
  let staleAt: number | undefined;
  const nextDay = (day: string) => Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  for (const c of page.items) {
    const started = !c.opensOn || c.opensOn <= today;
    const ended = c.closesOn !== undefined && c.closesOn < today;
    if (started && !ended) open = true;
    // The day after a boundary is when the answer may change without any write.
    const boundary = !started ? Date.parse(`${c.opensOn}T00:00:00Z`) : !ended && c.closesOn ? nextDay(c.closesOn) : undefined;
    if (boundary !== undefined && (staleAt === undefined || boundary < staleAt)) staleAt = boundary;
  }
  return { open, ...(staleAt !== undefined ? { staleAt } : {}) };
}

/**
 * The language of a course, when its title and description say it clearly: French when they contain
 * French-only letters or very common French words, English when they contain common English words.
 */
export function languageOf(...texts: string[]): 'en' | 'fr' | undefined {
  const words = texts.join(' ').toLowerCase().split(/[^a-zà-ÿœæ']+/).filter(Boolean);
  const fr = words.filter((w) => FRENCH.has(w) || /[àâçéèêëîïôûùüÿœæ]/.test(w)).length;
  const en = words.filter((w) => ENGLISH.has(w)).length;
  if (fr > en) return 'fr';
  if (en > fr) return 'en';
  return undefined;
}

const FRENCH = new Set(['le', 'la', 'les', 'des', 'du', 'de', 'et', 'pour', 'une', 'un', 'avec', 'sur', 'dans', 'en', 'au', 'aux', 'formation', 'gestion', 'initiation', 'cours']);
const ENGLISH = new Set(['the', 'and', 'for', 'with', 'of', 'to', 'in', 'on', 'your', 'how', 'training', 'course', 'management', 'introduction', 'skills', 'new', 'data']);
