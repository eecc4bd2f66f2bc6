/**
 * A course's recent mentions as the partial views/listening/_mentions.ejs shows them: each with its
 * sentiment in words (the colour only repeats it), where it was found and when, the terms that
 * matched, and its link (http(s) only, checked again here: the partial prints it in an href).
 * Used by the mentions page and by the course's listening page: `<%- include('/listening/_mentions',
 * { mentions: mentions }) %>` with `mentions = await courseMentions(storage, course, { locale })`.
 */
import type { Locale } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { Storage } from '../../storage/port';
import type { Mention } from '../../storage/ports/mentions';

export interface MentionItem {
  readonly id: string;
  readonly title: string;
  /** Absent when it only repeats the title (a short Mastodon post is its own title). */
  readonly excerpt?: string;
  readonly url: string;
  readonly sentiment: Mention['sentimentLabel'];
  readonly sentimentText: string;
  readonly source: string;
  readonly matched: string;
}

export interface CourseMentionsView {
  readonly heading: string;
  readonly count: string;
  readonly empty: string;
  readonly newTab: string;
  readonly items: readonly MentionItem[];
}

export async function courseMentions(storage: Pick<Storage, 'mentions'>, course: ContextKey, options: { readonly locale: Locale; readonly limit?: number }): Promise<CourseMentionsView> {
  const t = translator(options.locale);
  const mentions = (await storage.mentions.listMentions(course, options.limit ?? 20)).filter((m) => /^https?:\/\//i.test(m.url));
  return {
    heading: t('mentions.list.heading'),
    count: t('mentions.list.count', { count: mentions.length }),
    empty: t('mentions.list.empty'),
    newTab: t('mentions.newTab'),
    items: mentions.map((m) => {
      return {
        id: m.id,
        title: m.title,
        ...(m.excerpt && m.excerpt !== m.title ? { excerpt: m.excerpt } : {}),
        url: m.url,
        sentiment: m.sentimentLabel,
        sentimentText: t('mentions.sentiment.label', { label: t(`mentions.sentiment.${m.sentimentLabel}`) }),
        source: t('mentions.source', { feed: m.feedTitle, date: formatDate(m.publishedAt ?? m.foundAt, options.locale) }),
        matched: t('mentions.matched', { keywords: new Intl.ListFormat(options.locale, { type: 'conjunction' }).format(m.keywords) }),
      };
    }),
  };
}
