/**
 * Catalogue pages rendered once and shared: the key holds everything the page shows (deployment,
 * index version, language, day for the recency in ranking, whether the viewer administers the
 * platform, the question and its filters), the holes what is personal (session id in links, CSRF
 * token, the header with the viewer's name and role). An entry is never invalidated: a change of
 * the index moves readers to a new version and the old pages age out of the LRU.
 */
import { csrfTokenFor } from '../../http/csrf';
import { fillHoles, holedPageBytes, holeMarker, splitHoles, type HoledPage } from '../../http/holed-page';
import { renderView, slotAsHole } from '../../http/render';
import type { IndexedCatalogue } from '../../catalogue/catalogue-service';
import type { Locale } from '../../context/launch-context';
import type { DeploymentKey } from '../../context/tenant';
import { knownName } from '../../context/person-name';
import { translator } from '../../i18n/translate';
import type { LaunchSession } from '../../storage/port';
import { SharedPageCache } from '../reviews/shared-page-cache';
import { PAGE_SIZE, type CatalogueQuery } from './catalogue-query';
import { presentResults } from './catalogue-presenter';

/** Distinct questions kept rendered (every deployment together); a page is ~10–40 KB. */
const PAGES_KEPT = 1_000;
/**
 * And at most this many bytes of them: 1,000 pages of 40 KB would be 40 MB, a sixth of the 250 MB
 * a server is meant to stay under (issue 14); 16 MB still keeps 400 of the largest pages.
 */
const PAGE_BYTES_KEPT = 16 * 1024 * 1024;

export interface PageRequest {
  readonly deployment: DeploymentKey;
  readonly locale: Locale;
  readonly admin: boolean;
  /** Whether the viewer is a training manager (the link to the Listening view of every course). */
  readonly listening: boolean;
  readonly query: CatalogueQuery;
  readonly now: Date;
}

export interface CatalogueChrome {
  readonly base: string;
  readonly csrfToken: string;
  readonly contextTitle: string;
  readonly userName?: string;
  readonly role: 'instructor' | 'learner';
  readonly roleLabel: string;
  readonly tabs: readonly never[];
}

export class CataloguePages {
  private readonly cache = new SharedPageCache<HoledPage>(PAGES_KEPT, { maxBytes: PAGE_BYTES_KEPT, weigh: holedPageBytes });

  page(catalogue: IndexedCatalogue, request: PageRequest): Promise<HoledPage> {
    const { deployment, locale, admin, listening, query, now } = request;
    const day = now.toISOString().slice(0, 10);
    const page = JSON.stringify([
      deployment.issuer,
      deployment.clientId,
      deployment.deploymentId,
      locale,
      admin,
      listening,
      query.partial,
      query.text,
      query.minRating ?? '',
      query.language ?? '',
      query.openConsultation,
      query.improved,
      query.offset,
    ]);
    const key = JSON.stringify([page, catalogue.version, day]);
    // The same page from a newer index or day supersedes this one (shared-page-cache.ts).
    const lineage = { group: page, order: [Number(day.replace(/-/g, '')), ...catalogue.order] };
    return this.cache.get(key, async () => splitHoles(render(catalogue, request)), lineage);
  }

  fill(page: HoledPage, session: LaunchSession, chrome: CatalogueChrome): Buffer {
    return fillHoles(page, (hole) => {
      switch (hole.name) {
        case 'sid':
          return session.id;
        case 'csrf':
          return csrfTokenFor(session);
        case 'header':
          return renderView('partials/panel-header', session.context.locale, { chrome });
        default:
          return undefined;
      }
    });
  }
}

function render(catalogue: IndexedCatalogue, request: PageRequest): string {
  const { locale, admin, listening, query, now } = request;
  const result = catalogue.index.search({
    text: query.text,
    ...(query.minRating !== undefined ? { minRating: query.minRating } : {}),
    ...(query.language ? { language: query.language } : {}),
    openConsultation: query.openConsultation,
    improved: query.improved,
    limit: PAGE_SIZE,
    offset: query.offset,
    now,
  });
  const base = `/s/${holeMarker('sid')}`;
  const results = presentResults(result, query, base, locale);
  const empty = catalogue.index.size === 0;
  const slot = slotAsHole;
  if (query.partial) return renderView('catalogue/_results', locale, { results, empty, slot });
  const chrome = { base, csrfToken: holeMarker('csrf') };
  return renderView('catalogue/page', locale, { chrome, query, results, empty, sourcesHref: admin ? `${base}/catalogue/sources` : null, listeningHref: listening ? `${base}/listening` : null, slot });
}

/** The strip on top of the catalogue: the platform rather than a course, and no course tabs. */
export function catalogueChrome(session: LaunchSession): CatalogueChrome {
  const context = session.context;
  const t = translator(context.locale);
  return {
    base: `/s/${session.id}`,
    csrfToken: csrfTokenFor(session),
    contextTitle: context.platformName || context.contextTitle || t('panel.catalogue'),
    userName: knownName({ id: context.userId, name: context.userName }),
    role: context.role,
    roleLabel: t(`role.${context.role}`),
    tabs: [],
  };
}
