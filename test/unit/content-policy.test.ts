import { holdReasonsFor, type HoldReason } from '../../src/panels/reviews/content-policy';

type Locale = 'en' | 'fr';

/** [what the case shows, review text, locale, expected reasons] */
type Case = [string, string, Locale, HoldReason[]];

function check(text: string, locale: Locale): HoldReason[] {
  return holdReasonsFor([text], locale);
}

describe('holdReasonsFor: e-mail addresses', () => {
  it.each<Case>([
    ['a plain address', 'Write to jean.dupont@example.com for the slides', 'en', ['email']],
    ['spaces around @', 'contact me: jean @ gmail.com', 'fr', ['email']],
    ['"at" and "dot" in words', 'reach me at name at example dot com', 'en', ['email']],
    ['bracketed [at] and [dot]', 'name [at] example [dot] com', 'en', ['email']],
    ['(at) and (dot) without spaces', 'name(at)example(dot)co(dot)uk', 'en', ['email']],
    ['"arobase" and "point"', 'écrivez à nom arobase exemple point fr', 'fr', ['email']],
    ['upper-case spelling', 'JEAN AT EXAMPLE DOT ORG', 'en', ['email']],
    ['a mailbox name with "at" and a real dot', 'mail j.doe42 at example.com please', 'en', ['email']],
  ])('holds %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });

  it.each<Case>([
    ['"at" in a sentence', 'I looked at the course page and it was good', 'en', []],
    ['"at" then a full stop and a capital', 'I was good at maths.It helped a lot', 'en', []],
    ['"at" ... "point" in English', 'the answer at the end point is clear', 'en', []],
    ['the dot-com bubble', 'we looked at the dot com bubble in week 2', 'en', []],
    ['a lone @ mention', 'thanks @ all the tutors', 'en', []],
  ])('does not hold %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });
});

describe('holdReasonsFor: phone numbers', () => {
  it.each<Case>([
    ['a French mobile with spaces', 'Appelle-moi au 06 12 34 56 78', 'fr', ['phone']],
    ['a French mobile with dots', 'tel 06.12.34.56.78', 'fr', ['phone']],
    ['a French mobile with dashes', '06-12-34-56-78', 'en', ['phone']],
    ['a French mobile without separators', 'mon numéro 0612345678', 'fr', ['phone']],
    ['+33 format', 'call +33 6 12 34 56 78', 'en', ['phone']],
    ['+33 (0) format', '+33 (0)1 23 45 67 89', 'fr', ['phone']],
    ['0033 format', '0033 6 12 34 56 78', 'fr', ['phone']],
    ['a French toll-free number', '0 800 123 456', 'fr', ['phone']],
    ['a UK landline', 'ring 020 7946 0958', 'en', ['phone']],
    ['a UK number, international', '+44 20 7946 0958', 'en', ['phone']],
    ['a UK mobile', '07700 900123', 'en', ['phone']],
    ['a US number with brackets', 'call (555) 123-4567 anytime', 'en', ['phone']],
    ['a US number in French text', 'appelez le (555) 123-4567', 'fr', ['phone']],
    ['a US number with dashes', '555-123-4567', 'en', ['phone']],
    ['a US number with dots', '555.123.4567', 'fr', ['phone']],
    ['a US toll-free number', '1-800-555-0199', 'en', ['phone']],
    ['a US number with +1', '+1 (555) 123-4567', 'en', ['phone']],
    ['ten bare digits in English', 'text 5551234567', 'en', ['phone']],
    ['a number with no-break spaces', '06\u00a012\u00a034\u00a056\u00a078', 'fr', ['phone']],
  ])('holds %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });

  it.each<Case>([
    ['a French date', 'Examen le 12/03/2025 à 14:30', 'fr', []],
    ['an ISO date', 'deadline 2025-03-12', 'en', []],
    ['a date and time with dots', 'rendu le 01.03.2025 14h30', 'fr', []],
    ['a date followed by a count', 'le 01.03.2025 10 étudiants', 'fr', []],
    ['years', 'between 2019 and 2025, 2024-2025', 'en', []],
    ['a time', 'live session at 14:30 or 9:00', 'en', []],
    ['percentages', '95 % de réussite, 100%', 'fr', []],
    ['scores', '4 out of 5, 8/10, 17/20', 'en', []],
    ['module and room numbers', 'module 3, chapter 12, room 204', 'en', []],
    ['a French price with spaces', 'formation à 1 299 000 €', 'fr', []],
    ['a price with a currency sign', 'worth $1,250,000.00 and €45', 'en', []],
    ['a large amount before "euros"', 'un budget de 1 234 567 890 euros', 'fr', []],
    ['an ISBN', 'ISBN 978-2-07-036822-8', 'en', []],
    ['a SIREN in groups of three', 'SIREN 123 456 789', 'fr', []],
    ['short numbers', 'I scored 42 in test 3', 'en', []],
    ['a decimal', 'pi is 3.14159265358', 'en', []],
    ['ten bare digits in French (a file number)', 'dossier 5551234567', 'fr', []],
    ['a series of scores', 'notes: 0 5 10 15 20 25', 'fr', []],
  ])('does not hold %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });
});

describe('holdReasonsFor: links', () => {
  it.each<Case>([
    ['an https URL', 'see https://example.org/course?id=3', 'en', ['link']],
    ['an http URL', 'http://exemple.fr', 'fr', ['link']],
    ['a www address', 'go to www.example.com', 'en', ['link']],
    ['a bare domain', 'better notes on example.com', 'en', ['link']],
    ['a bare French domain with a path', 'voir exemple.fr/chemin/page', 'fr', ['link']],
    ['a link shortener', 'click t.co/x1 now', 'en', ['link']],
    ['bit.ly', 'bit.ly/abc', 'en', ['link']],
    ['a domain with a word-like top-level domain and a path', 'site.it/corsi', 'en', ['link']],
    ['a three-label domain with a word-like top-level domain', 'cours.univ-exemple.de', 'fr', ['link']],
    ['an IP address', 'server at 192.168.0.12:8080', 'en', ['link']],
    ['a domain written to dodge filters', 'example[.]com', 'en', ['link']],
    ['a domain in capitals', 'VISIT EXAMPLE.COM', 'en', ['link']],
  ])('holds %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });

  it.each<Case>([
    ['a missing space after a full stop', 'It was the end.Next week was better', 'en', []],
    ['a missing space before a capitalised TLD-like word', 'Great course.It helped me', 'en', []],
    ['a missing space before a French word', 'super cours.la suite était dure', 'fr', []],
    ['et al. without a space', 'Smith et.al (2020)', 'en', []],
    ['file names', 'run main.py then open README.md and index.html', 'en', []],
    ['technology names', 'Node.js, ASP.NET and Socket.IO', 'en', []],
    ['abbreviations', 'e.g. this, i.e. that, etc.', 'en', []],
    ['a decimal and a chapter', 'chapitre 2.De plus, 3.5 sur 5', 'fr', []],
    ['a version number', 'version 1.2.3.4 of the tool', 'en', []],
  ])('does not hold %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });
});

describe('holdReasonsFor: offensive language', () => {
  it.each<Case>([
    ['an English obscenity', 'This course is shit', 'en', ['offensive']],
    ['a French obscenity', "C'est de la merde", 'fr', ['offensive']],
    ['an English word in a French review', 'Le prof est un asshole', 'fr', ['offensive']],
    ['a French word in an English review', 'The tutor is a connard', 'en', ['offensive']],
    ['capitals', 'WHAT THE FUCK', 'en', ['offensive']],
    ['accents left out', 'espèce d’encule', 'fr', ['offensive']],
    ['accents kept', 'bande d’enculés', 'fr', ['offensive']],
    ['digits for letters', 'total sh1t', 'en', ['offensive']],
    ['0 for o', 'quel c0nnard', 'fr', ['offensive']],
    ['3 and 4 for e and a', 'b4t4rd de m3rde', 'fr', ['offensive']],
    ['symbols for letters', 'what an @$$hole', 'en', ['offensive']],
    ['$ for s', 'this is $hit', 'en', ['offensive']],
    ['repeated letters', 'connnnnnard', 'fr', ['offensive']],
    ['repeated letters in English', 'fuuuuuck this', 'en', ['offensive']],
    ['letters spelled out with dots', 'le prof est un c.o.n', 'fr', ['offensive']],
    ['letters spelled out with spaces', 'f u c k this', 'en', ['offensive']],
    ['letters spelled out with dashes', 's-a-l-o-p-e', 'fr', ['offensive']],
    ['a masked letter', 'f*ck that', 'en', ['offensive']],
    ['"con" in a French phrase', "t'es vraiment un con", 'fr', ['offensive']],
    ['"cons" in a French phrase', 'bande de cons', 'fr', ['offensive']],
    ['"bite" in a French phrase', 'suce ma bite', 'fr', ['offensive']],
    ['a French multi-word insult', 'ferme ta gueule', 'fr', ['offensive']],
    ['a slur', 'dirty f4ggot', 'en', ['offensive']],
    ['a French slur', 'sale nègre', 'fr', ['offensive']],
    ['a Quebec swear word', 'Tabarnak, quel cours', 'fr', ['offensive']],
    ['"retard" disguised', 'what a r3tard', 'en', ['offensive']],
    ['"retard" as English abuse', 'you retard', 'en', ['offensive']],
    ['full-width letters', 'ｓｈｉｔ', 'en', ['offensive']],
  ])('holds %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });

  it('looks at every field, not only the first', () => {
    expect(holdReasonsFor(['Fine title', 'the teacher is a bitch'], 'en')).toEqual(['offensive']);
  });

  it.each<Case>([
    ['words containing terms (Scunthorpe)', 'Scunthorpe class assess cocktail percolate', 'en', []],
    ['more English words containing terms', 'Dickens, Cockburn, shiitake, bassist, Sussex, analysis, therapist', 'en', []],
    ['French words containing terms', 'connaître, conseil, conscience, culture, computer, bitume', 'fr', []],
    ['"pros and cons"', 'Pros and cons: the cons are minor', 'en', []],
    ['English "con"', 'The only con is the length. One con: no subtitles', 'en', []],
    ['English "bite"', 'bite-sized lessons, a bite to eat', 'en', []],
    ['French "retard"', 'le cours a pris du retard, trois retards', 'fr', []],
    ['French "douche"', 'après la douche', 'fr', []],
    ['"Moby-Dick"', 'We read Moby-Dick and Philip K. Dick', 'en', []],
    ['"cul-de-sac"', 'une impasse, un cul-de-sac', 'fr', []],
    ['a French cooking term', 'fouetter dans un cul de poule', 'fr', []],
    ['"chink in the armour"', 'a chink in the armour', 'en', []],
    ['stretched innocent words', 'sooo cooool, nooon, trop biennnn', 'fr', []],
    ['product and level codes', 'Samsung A55, L3, M1, h264, 3rd, 2nd', 'en', []],
    ['single letters in a list', 'grades A B C and D', 'en', []],
    ['an acronym with dots', 'the U.S.A. and the E.U.', 'en', []],
    ['mild criticism', 'crap slides, damn hard, sucks, chiant et nul, quel bordel', 'fr', []],
    ['exclamation marks', 'Génial !!! Super!!!', 'fr', []],
    ['an empty review', '   ', 'en', []],
  ])('does not hold %s', (_what, text, locale, expected) => {
    expect(check(text, locale)).toEqual(expected);
  });
});

describe('holdReasonsFor: several reasons', () => {
  it('lists every reason once, in the fixed order', () => {
    expect(
      holdReasonsFor(
        ['merde, write to me@example.com', 'or +33 6 12 34 56 78, see example.org', 'shit, other@example.com'],
        'en',
      ),
    ).toEqual(['email', 'phone', 'link', 'offensive']);
  });

  it('does not report an address as a link, nor a link as a phone number', () => {
    expect(check('jean@exemple.fr', 'fr')).toEqual(['email']);
    expect(check('https://example.com/u/0612345678', 'fr')).toEqual(['link']);
  });

  it('returns nothing for an ordinary review in each language', () => {
    expect(check('Great course! Module 3 (week 2, 14:30) was 8/10. Thanks to the team.', 'en')).toEqual([]);
    expect(check("Très bon cours, le 12/03/2025 j'ai eu 17/20. Merci à l'équipe !", 'fr')).toEqual([]);
  });
});
