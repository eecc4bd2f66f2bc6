/**
 * Which terms a post mentions (listening/mentions/keyword-match.ts) and what an admin may type as
 * terms (keyword-input.ts): folded case and accents, word boundaries, phrases, hashtags, French and
 * English texts.
 */
import { compileTerms, MatchableText } from '../../src/listening/mentions/keyword-match';
import { parseKeywords } from '../../src/listening/mentions/keyword-input';

const matched = (text: string, terms: string[]) => new MatchableText(text).matchedTerms(compileTerms(terms));

describe('matching terms in a post', () => {
  it.each([
    ['folds accents and case both ways', 'Super formation sur l’ÉVALUATION des acquis', ['évaluation'], ['évaluation']],
    ['matches a term typed without accents', 'La formation Écoconception était géniale', ['ecoconception'], ['ecoconception']],
    ['matches ligatures as their letters', 'Un cours qui va au cœur du sujet', ['coeur'], ['coeur']],
    ['matches after a French elision', "J'ai adoré l'atelier", ['atelier'], ['atelier']],
    ['matches a phrase across punctuation and line breaks', 'Our data-science\nbootcamp', ['data science bootcamp'], ['data science bootcamp']],
    ['matches a phrase written as one hashtag', 'Loved #PythonAvancé today', ['Python avancé'], ['Python avancé']],
    ['matches an English word next to punctuation', 'Python! Finally a course that works.', ['python'], ['python']],
    ['returns the terms in the course’s order, as typed', 'Agile and Scrum, together', ['Scrum', 'Agile'], ['Scrum', 'Agile']],
  ])('%s', (_name, text, terms, expected) => {
    expect(matched(text, terms)).toEqual(expected);
  });

  it.each([
    ['does not match inside a longer word', 'Pythonic tips for everyone', ['python']],
    ['does not match a word that only starts the same', 'Les évaluations formatives', ['évaluation']],
    ['does not match a phrase whose words are apart', 'The data team built a science fair', ['data science']],
    ['does not match words in the wrong order', 'Agile management at scale', ['management agile']],
    ['does not match a French word inside an English one', 'A formative assessment', ['format']],
  ])('%s', (_name, text, terms) => {
    expect(matched(text, terms)).toEqual([]);
  });

  it('ignores terms with no word at all', () => {
    expect(compileTerms(['—', '  ', 'ok'])).toEqual([{ term: 'ok', words: ['ok'] }]);
  });
});

describe('terms as an admin types them', () => {
  it('splits on lines and commas, collapses spaces and keeps one of each folded duplicate', () => {
    expect(parseKeywords('  Python   avancé \r\nPYTHON AVANCE, formation data\n\n,')).toEqual({ ok: true, terms: ['Python avancé', 'formation data'] });
  });

  it('accepts nothing (it stops looking) and reads anything but text as nothing', () => {
    expect(parseKeywords('')).toEqual({ ok: true, terms: [] });
    expect(parseKeywords(['a', 'b'])).toEqual({ ok: true, terms: [] });
  });

  it.each([
    ['x', 'too-short'],
    ['!!', 'too-short'],
    ['a'.repeat(61), 'too-long'],
    ['one two three four five six', 'too-many-words'],
    [Array.from({ length: 11 }, (_, i) => `term ${i}`).join('\n'), 'too-many'],
    ['a,'.repeat(600), 'too-long'], // the whole field, before it is split
  ])('refuses %s as %s', (raw, problem) => {
    expect(parseKeywords(raw)).toEqual({ ok: false, problem });
  });
});
