import type { Locale } from '../context/launch-context';
import { en, type MessageKey } from './en';
import { fr } from './fr';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** CLDR's "one" category: 1 in English; 0 and 1 in French. */
function isOne(locale: Locale, n: number): boolean {
  return locale === 'fr' ? n === 0 || n === 1 : n === 1;
}

/**
 * Returns the text for `key` in `locale`, with {name} placeholders filled from params. When a
 * numeric `count` is given and the catalogue has `<key>.one`, that singular form is used.
 */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const singular = `${key}.one` as MessageKey;
  const useOne = typeof params.count === 'number' && isOne(locale, params.count) && singular in catalogues[locale];
  const template = (useOne ? catalogues[locale][singular] : undefined) ?? catalogues[locale][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Whether `key` (from stored data, say) names a message: own keys only, never __proto__ or toString. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

export type { MessageKey };
