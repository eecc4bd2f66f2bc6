import type { OffensiveTermList } from './offensive-language';

/**
 * French terms (France, Belgium, Switzerland, Quebec) that hold a review for moderation.
 *
 * Written without accents, in lower case, each inflection spelled out ("encule" also covers
 * "enculé", since matching ignores accents). Mild familiar words that honest negative reviews use
 * ("nul", "chiant", "bordel", "connerie", "débile") are left out on purpose.
 * Compiled for this project.
 */
export const OFFENSIVE_TERMS_FR: OffensiveTermList = {
  terms: [
    // Grossièretés
    'merde', 'merdes', 'merdique', 'merdiques', 'merdeux', 'merdeuse', 'putain', 'putains',
    'pute', 'putes', 'salope', 'salopes', 'salopard', 'salopards', 'salaud', 'salauds',
    'connard', 'connards', 'connarde', 'connasse', 'connasses', 'conne', 'connes',
    'conard', 'conards', 'conasse', 'conasses',
    'encule', 'encules', 'enculee', 'enculees', 'enculer', 'enculeur', 'enculeurs',
    'enfoire', 'enfoires', 'enfoiree', 'enfoirees', 'nique', 'niquer', 'niques', 'ntm', 'fdp',
    'batard', 'batards', 'batarde', 'batardes', 'couille', 'couilles', 'chatte', 'cul',
    'chier', 'chiasse', 'emmerde', 'emmerdes', 'emmerder', 'emmerdeur', 'emmerdeuse',
    'branleur', 'branleurs', 'branleuse', 'branlette', 'branler', 'trouduc',
    'pouffiasse', 'poufiasse', 'petasse', 'grognasse', 'radasse',
    'abruti', 'abrutis', 'abrutie', 'abruties', 'cretin', 'cretins', 'cretine', 'cretines',
    // Sacres québécois
    'tabarnak', 'tabarnac', 'tabernak', 'calisse', 'caliss', 'crisse', 'osti', 'ostie',
    // Injures racistes, sexistes, homophobes
    'negre', 'negres', 'negresse', 'bougnoule', 'bougnoules', 'bougnoul', 'bicot', 'bicots',
    'youpin', 'youpins', 'youtre', 'bamboula', 'chinetoque', 'chintoque', 'niakoue', 'crouille',
    'pede', 'pedes', 'tarlouze', 'tantouze', 'tafiole', 'fiotte', 'gouine', 'gouines',
    'sale arabe', 'sale juif', 'sale juive', 'sale noir', 'sale noire',
    // Locutions
    'ta gueule', 'ferme ta gueule', 'va te faire foutre', 'rien a foutre', 'va crever',
    'suicide toi',
    // "con", "bite", "pd" and "tapette" in the contexts where they can only be abuse
    'un con', 'ce con', 'quel con', 'sale con', 'pauvre con', 'gros con', 'petit con', 'vieux con',
    'espece de con', 'tete de con', 'la con', 'es con', 'est con', 'trop con', 'bande de cons',
    'les cons', 'des cons', 'sales cons', 'pauvres cons', 'sont cons',
    'ma bite', 'ta bite', 'sa bite', 'une bite', 'la bite', 'des bites', 'petite bite',
    'tete de bite',
    'sale pd', 'gros pd', 'espece de pd', 'sale tapette', 'espece de tapette',
  ],
  // Innocent on their own in English ("pros and cons", "a bite to eat", "PD" for professional
  // development) or in French ("tapette" is a fly swatter): only a disguised spelling, or one of
  // the phrases above, is abuse.
  disguisedOnly: ['con', 'cons', 'bite', 'bites', 'pd', 'tapette', 'foutre'],
  // Ordinary uses of words listed above.
  innocent: ['cul de sac', 'cul de poule', 'cul de lampe', 'cul de four', 'pros et cons', 'pros et les cons'],
};
