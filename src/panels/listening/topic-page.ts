/**
 * One topic of a course, as a manager reads it inside the Listening area (a manager from the
 * platform-level placement has no course session, so the reviews panel is not theirs to open):
 * its figures and the newest texts that mention it, each with the sentences naming the topic and
 * their sentiment, and the whole text behind a disclosure. Only public fields: a review's
 * pseudonym number ("Learner 7"), rating and date, never its author's name; only published reviews
 * and visible ideas and comments were read (course-texts.ts), so nothing hidden or held is shown.
 */
import type { Locale } from '../../context/launch-context';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import { sentencesAbout, type CourseVoices } from '../../listening/course/course-voices';
import type { Topic } from '../../listening/sentiment/topics';
import { shareCell } from './course-tables';

const MENTIONS_SHOWN = 50;

export function topicPage(voices: CourseVoices, topic: Topic, courseTitle: string, courseUrl: string, locale: Locale) {
  const t = translator(locale);
  const negatives = topic.mentions.filter((m) => m.sentiment === 'negative').length;
  const positives = topic.mentions.filter((m) => m.sentiment === 'positive').length;
  const shown = topic.mentions.slice(0, MENTIONS_SHOWN);
  return {
    pageTitle: t('lcourse.topic.heading', { topic: topic.label }),
    courseTitle,
    courseUrl,
    topic: topic.label,
    summary: t('lcourse.topic.summary', {
      texts: t('lcourse.topic.count', { count: topic.count }),
      negative: `${negatives} (${shareCell(topic.negativeShare, locale).text})`,
      positive: `${positives} (${shareCell(topic.positiveShare, locale).text})`,
      recent: topic.trend.recent,
      previous: topic.trend.previous,
    }),
    shownNote: topic.mentions.length > shown.length ? t('lcourse.topic.shown', { count: shown.length }) : null,
    mentions: shown.flatMap((mention) => {
      const text = voices.textsById.get(mention.id);
      if (!text) return [];
      const date = formatDate(text.at, locale);
      const heading =
        text.kind === 'review'
          ? t('lcourse.topic.review', { number: text.excerpt.learnerNumber ?? 0, stars: t('reviews.stars.label', { n: text.excerpt.rating ?? 0 }), date })
          : t(text.kind === 'idea' ? 'lcourse.topic.idea' : 'lcourse.topic.comment', { date });
      return [
        {
          id: mention.id.replace(':', '-'),
          kind: text.kind,
          heading,
          sentiment: mention.sentiment,
          sentimentLabel: t(`lcourse.sentiment.${mention.sentiment}`),
          sentences: sentencesAbout(text, topic.key).map((s) => ({ text: s.text, label: s.label, labelText: t(`lcourse.sentiment.${s.label}`) })),
          title: text.excerpt.title,
          lines: text.excerpt.lines,
        },
      ];
    }),
  };
}
