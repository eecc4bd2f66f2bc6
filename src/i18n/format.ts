/**
 * Numbers and dates as each language writes them: "4,1" and "7 déc. 2026" in French, "4.1" and
 * "7 Dec 2026" in English, everywhere in the UI (never an ISO "2026-12-07" shown to a person).
 * Building an Intl formatter costs ~50 µs, so one of each per locale is kept (a panel render formats
 * dozens of dates: 21% of its time otherwise).
 */
import type { Locale } from '../context/launch-context';

export const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

const perLocale = <T>(make: (tag: string) => T): Record<Locale, T> => ({ en: make(LOCALE_TAGS.en), fr: make(LOCALE_TAGS.fr) });

const numbers = perLocale((tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }));
const averages = perLocale((tag) => new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const dates = perLocale((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }));
const times = perLocale((tag) => new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }));
export const pluralRules = perLocale((tag) => new Intl.PluralRules(tag));

/** A number as the locale writes it ("1 234,5"). */
export function formatNumber(locale: Locale, value: number): string {
  return numbers[locale].format(value);
}

/** An average rating to one decimal ("4.0", "4,0"). */
export function formatAverage(locale: Locale, value: number): string {
  return averages[locale].format(value);
}

/** A moment's calendar day (UTC, as stored). */
export function formatDate(date: Date, locale: Locale): string {
  return dates[locale].format(date);
}

/** A moment's time of day, UTC and said so ("20:41 UTC"). */
export function formatTime(date: Date, locale: Locale): string {
  return times[locale].format(date);
}

/** A calendar day kept as YYYY-MM-DD (course dates, due dates); anything else is shown as it is. */
export function formatDay(day: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : formatDate(date, locale);
}
