/**
 * The rating badge image: stars filled to the figure, the figure as each language writes it, a text
 * alternative with its plural, nothing a hostile course title can break, and well-formed XML (checked
 * with fast-xml-parser, a real parser, not a regex).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderBadgeSvg, starFillTenths, type ShownBadge } from '../../src/catalogue/badge/badge-svg';
import type { BadgeFigures } from '../../src/catalogue/badge/badge-source';

const rated = (figures: Partial<BadgeFigures> = {}, title = 'Excel for accountants'): ShownBadge => ({
  state: 'ok',
  title,
  figures: { average: 3.7, count: 12, ...figures },
});
const tooFew: ShownBadge = { state: 'too-few', minRatings: 5, title: 'Excel for accountants' };

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', htmlEntities: true, isArray: (name) => name === 'path' || name === 'tspan' });

function parsed(svg: string): Node {
  expect(XMLValidator.validate(svg)).toBe(true);
  return (parser.parse(svg) as { svg: Node }).svg;
}

/** Every visible text of the badge (the <text> element's spans), joined. */
function visibleText(svg: Node): string {
  const text = svg.text as Node | undefined;
  if (!text) return '';
  return (text.tspan as Node[]).map((span) => String(span['#text'] ?? '')).join(' ');
}

/** The horizontal extent of each star, from the drawn path (stroke of 1 px included). */
function starBoxes(svg: Node): { left: number; right: number }[] {
  const d = String((svg.path as Node[])[0].d);
  return d
    .split('Z')
    .filter(Boolean)
    .map((star) => {
      const xs = [...star.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
      return { left: Math.min(...xs) - 0.5, right: Math.max(...xs) + 0.5 };
    });
}

/** How much of each star the clip leaves visible, 0–1. */
function fills(svg: Node): number[] {
  const edge = Number(((svg.defs as Node).clipPath as Node & { rect: Node }).rect.width);
  return starBoxes(svg).map(({ left, right }) => Math.min(1, Math.max(0, (edge - left) / (right - left))));
}

describe('the badge image', () => {
  it.each([
    [1.0, [1, 0, 0, 0, 0]],
    [3.7, [1, 1, 1, 0.7, 0]],
    // 4.96 is shown as "5.0": five full stars, never a figure the stars contradict.
    [4.96, [1, 1, 1, 1, 1]],
    [5, [1, 1, 1, 1, 1]],
  ])('fills the stars to %p', (average, expected) => {
    const svg = parsed(renderBadgeSvg(rated({ average }), 'en').svg);
    fills(svg).forEach((fill, i) => expect(fill).toBeCloseTo(expected[i], 2));
    expect(starFillTenths(average)).toEqual(expected.map((f) => f * 10));
  });

  it('writes the average with a decimal point in English and a decimal comma in French, and the count beside it', () => {
    const en = renderBadgeSvg(rated(), 'en');
    const fr = renderBadgeSvg(rated(), 'fr');
    expect(visibleText(parsed(en.svg))).toBe('3.7 (12)');
    expect(visibleText(parsed(fr.svg))).toBe('3,7 (12)');
    expect(en.text).toBe('Rated 3.7 out of 5 by 12 learners');
    expect(fr.text).toBe('Noté 3,7 sur 5 par 12 apprenants');
    expect(renderBadgeSvg(rated({ average: 4 }), 'fr').text).toBe('Noté 4,0 sur 5 par 12 apprenants');
    expect(parsed(fr.svg)['xml:lang']).toBe('fr');
  });

  it('says learner or learners as each language does', () => {
    expect(renderBadgeSvg(rated({ count: 1, average: 5 }), 'en').text).toBe('Rated 5.0 out of 5 by 1 learner');
    expect(renderBadgeSvg(rated({ count: 1, average: 5 }), 'fr').text).toBe('Noté 5,0 sur 5 par 1 apprenant');
    expect(renderBadgeSvg(rated({ count: 2 }), 'fr').text).toBe('Noté 3,7 sur 5 par 2 apprenants');
    // French groups thousands with a narrow no-break space.
    expect(renderBadgeSvg(rated({ count: 1234 }), 'fr').text).toBe('Noté 3,7 sur 5 par 1\u202f234 apprenants');
  });

  it('is an accessible image: role img, named by its <title>, described by its <desc>, 160×20', () => {
    const svg = parsed(renderBadgeSvg(rated(), 'en').svg);
    expect(svg).toMatchObject({ role: 'img', width: '160', height: '20', viewBox: '0 0 160 20', 'aria-labelledby': 'lv-badge-title lv-badge-desc' });
    expect(svg.title).toEqual({ '#text': 'Rated 3.7 out of 5 by 12 learners', id: 'lv-badge-title' });
    expect(svg.desc).toEqual({ '#text': 'Learner ratings for Excel for accountants', id: 'lv-badge-desc' });
  });

  it('escapes a hostile course title and drops what XML cannot carry at all', () => {
    const hostile = '</desc></svg><script>alert(1)</script> & "quotes" \'single\' \u0000\u001b <!-- \ud800';
    const { svg } = renderBadgeSvg(rated({}, hostile), 'en');
    const tree = parsed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(Object.keys(tree)).not.toContain('script');
    expect((tree.desc as Node)['#text']).toBe('Learner ratings for </desc></svg><script>alert(1)</script> & "quotes" \'single\'  <!-- \ufffd');
  });

  it('below the minimum, shows a neutral badge with no figure and no star', () => {
    for (const [locale, words] of [['en', 'Reviews open soon'], ['fr', 'Avis bientôt']] as const) {
      const image = renderBadgeSvg(tooFew, locale);
      const svg = parsed(image.svg);
      expect(image.text).toBe(words);
      expect(visibleText(svg)).toBe(words);
      expect(svg.path).toBeUndefined();
      expect(svg.defs).toBeUndefined();
      expect(`${(svg.title as Node)['#text']} ${visibleText(svg)}`).not.toMatch(/\d/);
    }
  });

  it('fetches nothing: no external reference, no font, only its own clip path', () => {
    for (const image of [renderBadgeSvg(rated(), 'en'), renderBadgeSvg(tooFew, 'fr')]) {
      const withoutNamespace = image.svg.replace('xmlns="http://www.w3.org/2000/svg"', '');
      expect(withoutNamespace).not.toMatch(/https?:|href|@import|@font-face|<image|<style/i);
      for (const match of withoutNamespace.matchAll(/url\(([^)]*)\)/g)) expect(match[1]).toBe('#lv-badge-fill');
    }
  });

  it('keeps a long count inside the badge by fitting the text to the room left', () => {
    const text = parsed(renderBadgeSvg(rated({ count: 123456 }), 'fr').svg).text as Node;
    expect(Number(text.x) + Number(text.textLength)).toBeLessThanOrEqual(160 - 4);
    expect((parsed(renderBadgeSvg(rated(), 'fr').svg).text as Node).textLength).toBeUndefined();
  });

  it('meets WCAG AA contrast on its own white ground: text 4.5:1, stars and outline 3:1', () => {
    const svg = renderBadgeSvg(rated(), 'en').svg;
    const textColours = [...svg.matchAll(/<tspan[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    const graphicColours = [...svg.matchAll(/<path[^>]*(?:fill|stroke)="(#[0-9a-f]{6})"/g)].map((m) => m[1]).filter((c) => c !== '#ffffff');
    expect(svg).toContain('fill="#ffffff"');
    expect(textColours.length).toBeGreaterThan(0);
    for (const colour of textColours) expect(contrastOnWhite(colour)).toBeGreaterThanOrEqual(4.5);
    for (const colour of graphicColours) expect(contrastOnWhite(colour)).toBeGreaterThanOrEqual(3);
  });
});

/** WCAG 2 contrast ratio of a colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}
