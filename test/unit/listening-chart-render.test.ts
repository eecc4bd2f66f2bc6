/**
 * The chart partials as EJS writes them: accessible names wired to unique ids when several charts
 * share a page, escaped text, nothing a strict CSP would refuse, and tables carrying the same figures
 * as the view model.
 */
import { chartPage, demoCharts } from '../support/chart-page';

const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

describe('chart partials', () => {
  for (const locale of ['en', 'fr'] as const) {
    const html = chartPage(locale);

    it(`(${locale}) gives every id on the page once, and points each chart's aria-labelledby at its own <title> and <desc>`, () => {
      const ids = attr(html, 'id');
      expect(new Set(ids).size).toBe(ids.length);
      const svgs = [...html.matchAll(/<svg class="chart__svg"[^>]*aria-labelledby="([^"]+)"[^>]*>\s*<title id="([^"]+)">[^<]+<\/title>\s*<desc id="([^"]+)">/g)];
      expect(svgs).toHaveLength(3);
      for (const [, labelledBy, titleId, descId] of svgs) expect(labelledBy).toBe(`${titleId} ${descId}`);
      for (const svg of html.match(/<svg class="(chart__svg|sparkline)"[^>]*>/g)!) expect(svg).toMatch(/role="img"/);
    });

    it(`(${locale}) has no style attribute, inline script or event handler (the CSP allows neither)`, () => {
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/<script/);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    });

    it(`(${locale}) escapes text typed by people: a marker label cannot open a tag`, () => {
      expect(html).not.toContain('<b>');
      expect(html).toContain('&lt;b&gt;');
    });
  }

  it('puts the same figures in the table as in the view model, in French with decimal commas, with caption and header scopes', () => {
    const html = chartPage('fr');
    const { weekly } = demoCharts('fr');
    expect(html).toContain('<summary>Données sous forme de tableau</summary>');
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    expect(table).toContain(`<caption id="${weekly.id}-caption-0">Note moyenne par semaine</caption>`);
    expect(table).toContain('<th scope="col">Période</th>');
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="chart__num">([^<]+)<\/td><td class="chart__num">([^<]+)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual(weekly.tables[0].rows.map((row) => row.map((cell) => cell.text.replace(/’/g, '&#39;'))));
    expect(rows.some(([, average]) => /^\d,\d$/.test(average))).toBe(true);
    expect(rows.some(([, average]) => average === 'Aucune note')).toBe(true);
  });

  it('names each sparkline by its trend in its <title>', () => {
    const html = chartPage('fr');
    expect(html).toMatch(/<svg class="sparkline"[^>]*aria-labelledby="([^"]+)"[^>]*>\s*<title id="\1">Note moyenne en hausse de 3,8 à 4,2 sur 90 jours<\/title>/);
    expect(html).toContain('Note moyenne stable à 4,2 sur 90 jours');
  });
});
