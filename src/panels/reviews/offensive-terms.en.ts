import type { OffensiveTermList } from './offensive-language';

/**
 * English terms that hold a review for moderation.
 *
 * Written without accents, in lower case, each inflection spelled out: matching is on whole
 * words, so "fucks" is not found through "fuck", and nothing is found inside "class", "Scunthorpe"
 * or "cocktail". Mild words that honest negative reviews use ("crap", "damn", "sucks", "stupid",
 * "idiot") are left out on purpose: holding those would hold criticism rather than abuse.
 * Compiled for this project.
 */
export const OFFENSIVE_TERMS_EN: OffensiveTermList = {
  terms: [
    // Obscenities
    'fuck', 'fucks', 'fucked', 'fucker', 'fuckers', 'fuckin', 'fucking', 'fuckhead', 'fuckface',
    'fuckwit', 'fuckup', 'motherfucker', 'motherfuckers', 'motherfucking',
    'mutherfucker', 'mofo', 'stfu', 'gtfo',
    'shit', 'shits', 'shitty', 'shite', 'shithead', 'shitheads', 'shithole', 'bullshit', 'horseshit',
    'dipshit', 'batshit',
    'ass', 'asses', 'asshole', 'assholes', 'arse', 'arsehole', 'arseholes', 'dumbass', 'jackass',
    'smartass', 'asswipe',
    'cunt', 'cunts', 'twat', 'twats', 'wank', 'wanker', 'wankers', 'bollocks', 'bellend', 'knobhead',
    'tosser', 'tossers',
    'dick', 'dicks', 'dickhead', 'dickheads', 'cock', 'cocks', 'cocksucker', 'prick', 'pricks',
    'pussy', 'pussies', 'tits', 'jizz', 'dildo', 'piss',
    // Insults
    'slut', 'sluts', 'slutty', 'whore', 'whores', 'bitch', 'bitches', 'bitchy', 'bastard', 'bastards',
    'douchebag', 'douchebags', 'scumbag', 'scumbags', 'moron', 'morons', 'retarded',
    'you retard', 'such a retard',
    // Slurs
    'nigger', 'niggers', 'nigga', 'niggas', 'faggot', 'faggots', 'fag', 'fags', 'dyke', 'dykes',
    'tranny', 'trannies', 'spic', 'spics', 'chink', 'chinks', 'gook', 'gooks', 'kike', 'kikes',
    'wetback', 'wetbacks', 'paki', 'pakis', 'raghead', 'ragheads', 'towelhead', 'towelheads',
    'beaner', 'beaners', 'coon', 'coons',
    // Self-harm incitement
    'kys', 'kill yourself',
  ],
  // "retard" is French for "delay" ("le cours a pris du retard"): only a disguised spelling,
  // or one of the phrases above, is English abuse.
  disguisedOnly: ['retard', 'retards'],
  // Ordinary uses of words listed above.
  innocent: [
    'moby dick', 'k dick', 'dick van dyke', 'van dyke', 'offa s dyke', 'maine coon',
    'spic and span', 'chink in', 'chinks in', 'chink of', 'chinks of',
    'pussy willow', 'blue tits', 'coal tits',
    'retarded potential', 'retarded potentials', 'retarded time',
  ],
};
