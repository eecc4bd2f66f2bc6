import type { Locale } from './launch-context';

/** Picks the tool's language from a BCP 47 tag such as "fr", "fr-CA" or "fr_FR" (Moodle, Canvas). */
export function localeFrom(tag: unknown, fallback: Locale = 'en'): Locale {
  if (typeof tag !== 'string') return fallback;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'fr') return 'fr';
  if (primary === 'en') return 'en';
  return fallback;
}

/** Picks a language from an Accept-Language header, for pages reached before any launch. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag, q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return 'en';
}
