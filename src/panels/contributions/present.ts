/** Plain view models of contributions for the templates (dates and numbers in the page's language). */
import { FILE_KINDS } from '../../contributions/files/file-kinds';
import type { Contribution, ContributionComment, ContributionReuse } from '../../storage/ports/contributions';
import type { CatalogueCourse } from '../../storage/ports/catalogue';
import type { CourseVersion } from '../../storage/ports/course-versions';
import type { ContribState } from './panel-state';

export interface ContributionCard {
  readonly id: string;
  readonly href: string;
  readonly title: string;
  readonly text: string;
  readonly link?: string;
  readonly file?: { readonly name: string; readonly href: string; readonly size: string; readonly image: boolean };
  readonly licence: string;
  readonly credit: string;
  readonly date: string;
  /** "edited on 3 Dec 2026" once the author changed it (the store moves updatedAt only then). */
  readonly edited?: string;
  readonly featured: boolean;
  readonly held: boolean;
  readonly holdReasons: string;
  readonly useful: string;
  readonly usefulCount: number;
  readonly comments: number;
  readonly reports: number;
  readonly reuses: number;
  readonly mine: boolean;
}

export function presentCard(state: ContribState, c: Contribution): ContributionCard {
  const t = state.t;
  const locale = state.context.locale;
  const day = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  const image = c.file ? Object.values(FILE_KINDS).some((k) => k.image && k.contentType === c.file!.contentType) : false;
  return {
    id: c.id,
    href: `${state.base}/${c.id}`,
    title: c.title,
    text: c.text,
    link: c.link,
    file: c.file ? { name: c.file.name, href: `${state.base}/${c.id}/file`, size: fileSize(c.file.size, locale), image } : undefined,
    licence: t(`contrib.licence.${c.licence}`),
    credit: c.credit.byName ? t('contrib.credit.byName', { name: c.credit.name }) : t('contrib.credit.anonymous'),
    date: day(c.createdAt),
    edited: c.updatedAt.getTime() > c.createdAt.getTime() ? t('contrib.edited', { date: day(c.updatedAt) }) : undefined,
    featured: c.featured,
    held: c.status === 'held',
    holdReasons: c.holdReasons.map((r) => t(`contrib.hold.${r}`)).join(', '),
    useful: t('contrib.usefulCount', { count: c.usefulCount }),
    usefulCount: c.usefulCount,
    comments: c.commentCount,
    reports: c.reportCount,
    reuses: c.reuseCount,
    mine: c.author.id === state.me.id,
  };
}

export function presentComment(state: ContribState, c: ContributionComment) {
  return {
    id: c.id,
    text: c.text,
    held: c.status === 'held',
    date: new Intl.DateTimeFormat(state.context.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(c.createdAt),
    mine: c.author.id === state.me.id,
  };
}

/** "Featured in Spring 2027 session" / "Reused in another course of the platform". */
export function presentReuse(state: ContribState, r: ContributionReuse, versions: readonly CourseVersion[], courses: readonly CatalogueCourse[]): string {
  const target = r.target;
  if (target.kind === 'version') return state.t('contrib.reuse.inVersion', { version: versions.find((v) => v.id === target.versionId)?.label ?? '' });
  const title = courses.find((c) => c.course.deploymentId === target.course.deploymentId && c.course.contextId === target.course.contextId)?.title;
  return title ? state.t('contrib.reuse.inCourse', { course: title }) : state.t('contrib.reuse.inOtherCourse');
}

function fileSize(bytes: number, locale: 'en' | 'fr'): string {
  const kb = bytes / 1024;
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return kb < 1024 ? `${nf.format(Math.max(kb, 0.1))} ${locale === 'fr' ? 'ko' : 'KB'}` : `${nf.format(kb / 1024)} ${locale === 'fr' ? 'Mo' : 'MB'}`;
}
