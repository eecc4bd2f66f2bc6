/**
 * The badge's lookups answered by the store: a token finds its course, whose own settings decide what
 * the public may see (badge off or reviews off: nothing; below the minimum number of ratings: no
 * figure). The first time a badge is served with figures is recorded: from then on learners can read
 * ratings before enrolling (catalogue/prospective-readers.ts).
 */
import { COURSE_ITEM } from '../../panels/reviews/review-item';
import { courseSettings } from '../../panels/settings/settings-defaults';
import type { Storage } from '../../storage/port';
import { languageOf } from '../course-entry';
import type { BadgeListing } from './badge-listing';
import type { BadgeLookup, BadgeSource } from './badge-source';

export function storeBadgeSource(storage: Storage, now: () => Date): BadgeSource {
  return {
    async lookup(token): Promise<BadgeLookup> {
      const record = await storage.catalogue.findByBadgeToken(token);
      if (!record) return { state: 'unknown' };
      const settings = await courseSettings(storage.settings, record.course);
      if (settings.catalogue?.badge === false || !settings.reviewsEnabled) return { state: 'off' };
      const at = now();
      const summary = await storage.reviews.summary({ ...record.course, itemId: COURSE_ITEM }, at);
      const locale = languageOf(record.title, settings.catalogue?.description ?? '');
      const courseUrl = settings.catalogue?.courseUrl || record.lmsUrl;
      const common = { title: record.title, ...(locale ? { locale } : {}), ...(courseUrl ? { courseUrl } : {}) };
      const { count, sum } = summary.overall;
      if (count === 0 || count < settings.minRatings) return { state: 'too-few', minRatings: settings.minRatings, ...common };
      if (!record.badgeServedAt) await storage.catalogue.markBadgeServed(record.course, at);
      const aspects: Record<string, number> = {};
      for (const aspect of settings.aspects) {
        const stats = summary.aspects[aspect];
        if (stats && stats.count > 0) aspects[aspect] = stats.sum / stats.count;
      }
      return { state: 'ok', figures: { average: sum / count, count, ...(locale ? { locale } : {}), aspects }, title: record.title, ...(courseUrl ? { courseUrl } : {}) };
    },
  };
}

export function storeBadgeListing(storage: Storage): BadgeListing {
  return {
    async listBadges(platform, deploymentId) {
      const courses = (await storage.catalogue.listPlatformCourses(platform))
        .filter((c) => deploymentId === undefined || c.course.deploymentId === deploymentId)
        .sort((a, b) => a.title.localeCompare(b.title));
      return Promise.all(
        courses.map(async (c) => {
          const settings = await courseSettings(storage.settings, c.course);
          const locale = languageOf(c.title, settings.catalogue?.description ?? '');
          return { title: c.title, token: c.badgeToken, badgeEnabled: settings.catalogue?.badge !== false && settings.reviewsEnabled, ...(locale ? { locale } : {}) };
        }),
      );
    },
  };
}
