/**
 * The words that change other words' weight, per language: negations flip the words after them
 * ("not clear", "jamais ennuyeux"), intensifiers and softeners scale the next opinion word ("very",
 * "un peu"), "too"/"trop" turns the next one into a complaint ("too easy", "trop long"), and a
 * contrast ("but", "mais") makes what follows it count more than what came before, while a
 * concession ("even if", "même si") makes its own clause count less.
 */
export type Lang = 'en' | 'fr';

export interface Modifiers {
  /** Words that negate the next few words on their own. */
  readonly negations: ReadonlySet<string>;
  /** French "ne"/"n'": a negation only once confirmed by one of `confirmations` a few words later. */
  readonly pendingNegations: ReadonlySet<string>;
  readonly confirmations: ReadonlySet<string>;
  /** "ne … que" restricts ("ne testaient que la mémoire"): a pending negation it meets first is dropped. */
  readonly restrictions: ReadonlySet<string>;
  readonly intensifiers: ReadonlyMap<string, number>;
  readonly excess: ReadonlySet<string>;
  readonly contrasts: ReadonlySet<string>;
  /** Adverbs of a bad manner ("poorly organised", "mal conçu"): they turn the praise after them into a complaint. */
  readonly badManner: ReadonlySet<string>;
  /** Verbs of opinion: negated, they negate their whole clause ("I do not think this would help"). */
  readonly opinionVerbs: ReadonlySet<string>;
  /** Openings of a suggestion ("it would be useful to", "il serait utile de"): an idea, not an opinion. */
  readonly suggestions: ReadonlyArray<RegExp>;
  /** Concessions of one word ("although") and of two ("even if": key "even if"). */
  readonly concessions: ReadonlySet<string>;
}

const set = (words: string) => new Set(words.trim().split(/\s+/));
const scales = (entries: string) =>
  new Map(entries.trim().split(/\s+/).map((entry) => {
    const [word, factor] = entry.split('=');
    return [word!, Number(factor)] as const;
  }));

export const MODIFIERS: Readonly<Record<Lang, Modifiers>> = {
  en: {
    negations: set('not no never nothing none neither nor hardly barely without nobody solve solved fixed fix resolved'),
    pendingNegations: new Set(),
    confirmations: new Set(),
    restrictions: new Set(),
    intensifiers: scales(
      'very=1.5 really=1.4 extremely=1.8 so=1.3 highly=1.5 truly=1.4 absolutely=1.6 definitely=1.3 genuinely=1.3 incredibly=1.7 ' +
        'particularly=1.3 well=1.2 less=-0.5 super=1.5 totally=1.5 completely=1.5 much=1.3 far=1.4 especially=1.3 remarkably=1.5 most=1.3 ' +
        'slightly=0.6 somewhat=0.6 bit=0.6 little=0.7 fairly=0.8 rather=0.8 quite=1.1 pretty=1.1',
    ),
    excess: set('too'),
    badManner: set('poorly badly'),
    opinionVerbs: set('think believe feel'),
    suggestions: [/^(it|that) would (be|help)(?=[\s,]|$)/iu, /^(could|can|would) (we|you)(?=[\s,]|$)/iu, /^please(?=[\s,]|$)/iu, /^i (would )?suggest(?=[\s,]|$)/iu],
    contrasts: set('but however yet'),
    concessions: set('although though even if even though despite'),
  },
  fr: {
    negations: set('sans jamais pas aucun aucune rien guere resoudre resolu regle regler'),
    pendingNegations: set('ne n'),
    confirmations: set('pas jamais rien aucun aucune plus guere point personne'),
    restrictions: set('que qu'),
    intensifiers: scales(
      'tres=1.5 vraiment=1.4 extremement=1.8 si=1.3 tellement=1.5 super=1.5 hyper=1.5 particulierement=1.3 totalement=1.5 ' +
        'completement=1.5 absolument=1.6 vivement=1.5 fort=1.3 franchement=1.2 moins=-0.5 vraie=1.2 vrai=1.2 ' +
        'peu=0.6 assez=0.9 plutot=0.8 legerement=0.6',
    ),
    excess: set('trop'),
    badManner: set('mal'),
    opinionVerbs: set('pense crois trouve'),
    suggestions: [/^(il|ce|ça|cela) (serait|pourrait)(?=[\s,]|$)/iu, /^(pourrait|pourriez|peut)-(on|vous)(?=[\s,]|$)/iu, /^merci de(?=[\s,]|$)/iu, /^je (propose|suggère)(?=[\s,]|$)/iu],
    contrasts: set('mais cependant pourtant toutefois neanmoins'),
    concessions: set('meme si bien que quoique malgre'),
  },
};
