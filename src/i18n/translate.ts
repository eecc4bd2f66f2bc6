/**
 * Looks texts up in the English and French catalogues and fills their placeholders the way each
 * language writes them:
 * - numbers through Intl.NumberFormat of the page's locale ("4,1", "1 234" in French);
 * - plurals through ICU MessageFormat (`{count, plural, one {# rating} other {# ratings}}`),
 *   which selects with Intl.PluralRules (French "one" covers 0 and 1, English only 1);
 * - the older `<key>.one` entries still give the singular of a `count`, by the same rules.
 * Placeholder-only texts take a fast path: a panel page fills hundreds of them per render.
 */
import { TYPE, type MessageFormatElement, parse } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from '../context/launch-context';
import { en, type MessageKey } from './en';
import { formatNumber, LOCALE_TAGS, pluralRules } from './format';
import { fr } from './fr';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fr };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
type Params = Record<string, string | number>;

function textOf(locale: Locale, key: string): string | undefined {
  const catalogue = catalogues[locale] as Record<string, string>;
  return Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
}

/**
 * Returns the text for `key` in `locale`, with its placeholders filled from params. A key missing
 * from the catalogue shows as itself (never another object's property: keys can come from data).
 */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const singular = typeof params.count === 'number' && pluralRules[locale].select(params.count) === 'one' ? textOf(locale, `${key}.one`) : undefined;
  const template = singular ?? textOf(locale, key) ?? textOf('en', key) ?? key;
  return /\{\s*\w+\s*,/.test(template) ? formatIcu(locale, template, params) : fillPlaceholders(locale, template, params);
}

function fillPlaceholders(locale: Locale, template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(locale, value) : String(value);
  });
}

interface CompiledMessage {
  readonly format: IntlMessageFormat;
  /** Arguments that select a plural: they stay numbers (the message formats them itself). */
  readonly counted: ReadonlySet<string>;
}
const compiled = new Map<string, CompiledMessage>();

/**
 * Formatted ICU texts by message and arguments: a page formats the same few again and again (a
 * summary's five star bars, "3 ratings"), and formatting one costs 8 µs where a lookup costs well
 * under one. Formatting is pure (locale, template, arguments), so a kept text is the text. Only
 * short arguments are kept (never a long text from a learner), and at most MAX_FORMATTED texts:
 * past that the memo starts again.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 2_000;
const MAX_KEPT_ARGUMENT = 64;

function formattedKey(cacheKey: string, params: Params): string | null {
  let key = cacheKey;
  for (const name in params) {
    const value = params[name];
    if (typeof value === 'string' && value.length > MAX_KEPT_ARGUMENT) return null;
    key += `\u0001${name}\u0002${typeof value === 'number' ? 'n' : 's'}${value}`;
  }
  return key;
}

function formatIcu(locale: Locale, template: string, params: Params): string {
  const cacheKey = `${locale}\u0000${template}`;
  const memoKey = formattedKey(cacheKey, params);
  const known = memoKey === null ? undefined : formatted.get(memoKey);
  if (known !== undefined) return known;
  const text = formatIcuOnce(locale, template, cacheKey, params);
  if (memoKey !== null) {
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(memoKey, text);
  }
  return text;
}

function formatIcuOnce(locale: Locale, template: string, cacheKey: string, params: Params): string {
  let message = compiled.get(cacheKey);
  if (!message) {
    const ast = parse(template);
    const counted = new Set<string>();
    collectPluralArguments(ast, counted);
    message = { format: new IntlMessageFormat(asNumbers(ast, counted), LOCALE_TAGS[locale]), counted };
    compiled.set(cacheKey, message);
  }
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    values[name] = typeof value === 'number' && !message.counted.has(name) ? formatNumber(locale, value) : value;
  }
  try {
    return String(message.format.format(values));
  } catch {
    // A missing or non-numeric value: show the text with its placeholders rather than fail a page.
    return template;
  }
}

function collectPluralArguments(elements: MessageFormatElement[], into: Set<string>): void {
  for (const element of elements) {
    if (element.type === TYPE.plural) {
      into.add(element.value);
      for (const option of Object.values(element.options)) collectPluralArguments(option.value, into);
    } else if (element.type === TYPE.select) {
      for (const option of Object.values(element.options)) collectPluralArguments(option.value, into);
    } else if (element.type === TYPE.tag) {
      collectPluralArguments(element.children, into);
    }
  }
}

/** `{count}` beside `{count, plural, …}` is the same number: format it as one, in the locale's way. */
function asNumbers(elements: MessageFormatElement[], counted: ReadonlySet<string>): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === TYPE.argument && counted.has(element.value)) return { type: TYPE.number, value: element.value, location: element.location, style: null };
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      const options = Object.fromEntries(Object.entries(element.options).map(([name, option]) => [name, { ...option, value: asNumbers(option.value, counted) }]));
      return { ...element, options };
    }
    return element;
  });
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
