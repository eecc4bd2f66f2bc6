/**
 * The reviews panel as learners see it, served from a page rendered once per course generation.
 *
 * Most of a learner's page is the same for every learner of the item: summary, per-version
 * figures, the page of reviews with responses and actions, the blank review form. That part is read
 * and rendered once per (item, course generation, language, day, list query) and kept with holes
 * (http/holed-page.ts); each view then reads only the course generation and this learner's own rows
 * (own review, helpful and report marks on the listed reviews, invitation state) and fills the holes:
 * the summary's actions ("Write a review" or not), the form or own-review reminder under the summary,
 * and the own review card after the list.
 * The course settings come with the copy, so a view reads no settings row either.
 * Any write that changes the shared part bumps the generation in its own transaction
 * (storage/ports/course-generations.ts), so a learner never sees an older page than the store
 * holds, whichever process served the write.
 *
 * Pages listing the viewer's own review fall back to a full render (the list leaves it out for its
 * author), as do instructors' pages, form errors, and anything else this module declines.
 */
import { catalogueReach, readBeforeEnrolling, type CatalogueReach } from '../../catalogue/prospective-readers';
import type { LaunchSession } from '../../storage/port';
import type { CourseSettings } from '../../storage/ports/course-settings';
import { AppError } from '../../http/errors';
import { fillHoles, holedPageBytes, holeMarker, splitHoles, type Hole, type HoledPage, type HoleFilling } from '../../http/holed-page';
import { renderView, slotAsHole } from '../../http/render';
import type { PanelDeps } from '../panel-deps';
import { panelChrome } from '../chrome';
import { courseSettings } from '../settings/settings-defaults';
import { reviewedItem } from './review-item';
import { loadCommonPart, loadViewerPart, presentForm, presentList, presentOwn, presentWithLoop, type ListQuery } from './reviews-page';
import { SharedPageCache, type PageLineage } from './shared-page-cache';

const NO_MARKS = { helpful: new Set<string>(), reported: new Set<string>() };

/** One cached learner page: the page, the sections a viewer may need, and each card's vote forms. */
export interface SharedLearnerPage {
  /** The course settings the page was built with (settings writes bump the generation too). */
  readonly settings: CourseSettings;
  readonly page: HoledPage;
  /** The review form of a learner who has not reviewed yet and may review now. */
  readonly blankOwn: HoledPage;
  readonly invite: HoledPage;
  /** What the flash and invitation sections print when they show nothing (whitespace, kept so pages stay byte-identical to a full render). */
  readonly noInvite: string;
  readonly noFlash: string;
  /** The summary's actions: with "Write a review" (no review yet, window open) and without. */
  readonly summaryActions: readonly [string, string];
  /** What the own-review card after the list prints for a learner without a review. */
  readonly noOwnCard: string;
  /** Per listed review: [neither, voted helpful, reported, both]. */
  readonly votes: ReadonlyMap<string, readonly HoledPage[]>;
  readonly authors: ReadonlySet<string>;
  readonly ids: readonly string[];
}

function cacheKey(session: LaunchSession, generation: number, day: string, query: ListQuery, reach: CatalogueReach): { key: string; lineage: PageLineage } {
  const item = reviewedItem(session.context);
  const page = [item.issuer, item.clientId, item.deploymentId, item.contextId, item.itemId, session.context.locale, query.sort, query.stars ?? 0, query.cursor ?? '', reach.placed, reach.badgeServed];
  // The same page at a newer generation or day supersedes this one (shared-page-cache.ts).
  return { key: JSON.stringify([...page, generation, day]), lineage: { group: JSON.stringify(page), order: [Number(day.replace(/-/g, '')), generation] } };
}

/** Reads and renders the shared part once, with holes where a viewer's own data goes. */
async function buildSharedPage(deps: PanelDeps, session: LaunchSession, query: ListQuery, reach: CatalogueReach): Promise<SharedLearnerPage> {
  const context = session.context;
  const locale = context.locale;
  const settings = await courseSettings(deps.storage.settings, context.link);
  if (!settings.reviewsEnabled) return { settings, page: [], blankOwn: [], invite: [], noInvite: '', noFlash: '', summaryActions: ['', ''], noOwnCard: '', votes: new Map(), authors: new Set(), ids: [] };
  const common = await loadCommonPart(deps, context, settings, query);
  // Nothing personal may reach the shared copy: the session id and CSRF token are holes, names blank.
  const chrome = { ...panelChrome({ ...session, id: holeMarker('sid') }, settings, 'reviews'), csrfToken: holeMarker('csrf'), userName: '', contextTitle: '', activityTitle: undefined };
  const base = `${chrome.base}/reviews`;
  const nobody = { id: '', staff: false, locale };
  const cards = common.page.items.map((r) => presentWithLoop(r, nobody, settings, NO_MARKS, common.linked.get(r.id) ?? []));
  const list = presentList(context, settings, query, common, base, cards);
  const slot = slotAsHole;
  const page = renderView('reviews/panel', locale, { chrome, base, staff: false, summary: common.summary, instructor: undefined, loop: common.loop, list, slot });
  const blankForm = presentForm(context, settings, { own: null, window: { open: true }, readBeforeEnrolling: readBeforeEnrolling(settings, reach) });
  const blankOwn = renderView('reviews/_own-review', locale, { ...presentOwn(context, settings, { own: null, ownLinked: [], marks: NO_MARKS }), form: blankForm, base, chrome, list, formInvalid: false });
  const invite = renderView('reviews/_invite', locale, { invite: true, base, chrome });
  const noInvite = renderView('reviews/_invite', locale, { invite: false, base, chrome });
  const noFlash = renderView('reviews/_flash', locale, { flash: undefined });
  const summaryActions = [false, true].map((canWrite) => renderView('reviews/_summary-actions', locale, { canWrite })) as [string, string];
  const noOwnCard = renderView('reviews/_own-card', locale, { own: undefined, form: blankForm, base, chrome, list, formInvalid: false, editing: false });
  const votes = new Map<string, HoledPage[]>();
  for (const card of cards) {
    const variant = (votedHelpful: boolean, reported: boolean) => splitHoles(renderView('reviews/_card-votes', locale, { card: { ...card, votedHelpful, reported }, base, chrome, back: list.back, list }));
    votes.set(card.id, [variant(false, false), variant(true, false), variant(false, true), variant(true, true)]);
  }
  return {
    settings,
    page: splitHoles(page),
    blankOwn: splitHoles(blankOwn),
    invite: splitHoles(invite),
    noInvite,
    noFlash,
    summaryActions,
    noOwnCard,
    votes,
    authors: new Set(common.page.items.map((r) => r.author.id)),
    ids: common.page.items.map((r) => r.id),
  };
}

/**
 * 200 course pages (course, generation, day, sort and filter), and at most 24 MB of them: a page of
 * long reviews with four vote variants per review runs to tens of KB and grows with the texts, so
 * the count alone leaves the worst case open; the budget keeps it known (issue 14).
 */
const LEARNER_PAGES_KEPT = 200;
const LEARNER_PAGE_BYTES_KEPT = 24 * 1024 * 1024;

function learnerPageBytes(page: SharedLearnerPage): number {
  let bytes = holedPageBytes(page.page) + holedPageBytes(page.blankOwn) + holedPageBytes(page.invite);
  for (const variants of page.votes.values()) for (const variant of variants) bytes += holedPageBytes(variant);
  return bytes;
}

export function learnerPageCache(): SharedPageCache<SharedLearnerPage> {
  return new SharedPageCache<SharedLearnerPage>(LEARNER_PAGES_KEPT, { maxBytes: LEARNER_PAGE_BYTES_KEPT, weigh: learnerPageBytes });
}

/**
 * The learner's page as bytes, or null when this page is not served from the shared copy (the
 * caller then renders it in full).
 */
export async function learnerReviewsPage(
  deps: PanelDeps,
  cache: SharedPageCache<SharedLearnerPage>,
  session: LaunchSession,
  query: ListQuery,
  flash: { text: string; tone: 'ok' | 'warn' } | undefined,
  /** The own review's edit form is open (?edit=1, the link "Edit my review" follows without JavaScript). */
  editing = false,
): Promise<Buffer | null> {
  const context = session.context;
  if (context.role !== 'learner') return null;
  const locale = context.locale;
  // The generation is read before any data, so a page built now is never filed under a newer one.
  const generation = await deps.storage.generations.generationOf(context.link);
  const day = deps.now().toISOString().slice(0, 10);
  // Whether outsiders can read the course (the form says so) changes without a generation bump.
  const reach = await catalogueReach(deps.storage, context.link);
  const { key, lineage } = cacheKey(session, generation, day, query, reach);
  const shared = await cache.get(key, () => buildSharedPage(deps, session, query, reach), lineage);
  const settings = shared.settings;
  if (!settings.reviewsEnabled) throw new AppError('PANEL_DISABLED', { panel: 'reviews' });
  if (shared.authors.has(context.userId)) return null;

  const viewer = await loadViewerPart(deps, context, settings, shared.ids, reach);
  const chrome = panelChrome(session, settings, 'reviews');
  const base = `${chrome.base}/reviews`;
  const form = presentForm(context, settings, viewer);
  const own = viewer.own ? presentOwn(context, settings, viewer) : undefined;
  const ownSection = (): HoleFilling => {
    if (!own && form.canReview) return shared.blankOwn;
    return renderView('reviews/_own-review', locale, { ...(own ?? presentOwn(context, settings, viewer)), form, base, chrome, list: { reportReasons: [] }, formInvalid: false });
  };
  const ownCard = (): HoleFilling => {
    if (!own) return shared.noOwnCard;
    return renderView('reviews/_own-card', locale, { ...own, form, base, chrome, list: { reportReasons: [] }, formInvalid: false, editing });
  };
  const sid = Buffer.from(session.id);
  const csrf = Buffer.from(chrome.csrfToken);
  return fillHoles(shared.page, (hole: Hole): HoleFilling => {
    switch (hole.name) {
      case 'sid':
        return sid;
      case 'csrf':
        return csrf;
      case 'header':
        return renderView('partials/panel-header', locale, { chrome });
      case 'flash':
        return flash ? renderView('reviews/_flash', locale, { flash }) : shared.noFlash;
      case 'invite':
        return viewer.invite ? shared.invite : shared.noInvite;
      case 'own':
        return ownSection();
      case 'summary-actions':
        return shared.summaryActions[!own && form.canReview ? 1 : 0];
      case 'own-card':
        return ownCard();
      case 'votes':
        return shared.votes.get(hole.arg)?.[(viewer.marks.helpful.has(hole.arg) ? 1 : 0) + (viewer.marks.reported.has(hole.arg) ? 2 : 0)];
      default:
        return undefined;
    }
  });
}
