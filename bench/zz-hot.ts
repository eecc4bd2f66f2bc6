import { benchCatalogueSearch } from './catalogue-search';
import { CatalogueIndex } from '../src/catalogue/search/catalogue-index';
const origBuild = CatalogueIndex.build;
let idx: CatalogueIndex | undefined;
(CatalogueIndex as any).build = (e: any) => { const i = origBuild.call(CatalogueIndex, e); idx ??= i; return i; };
benchCatalogueSearch({ entries: 100000, queries: 20 });
const now = new Date();
for (const q of ['qu', 'st', 'pro', 'for', 'quality ', 'data analysis', '']) {
  const c = process.cpuUsage();
  for (let k = 0; k < 30; k++) idx!.search({ text: q, limit: 20, offset: 0, now });
  const u = process.cpuUsage(c);
  console.log(JSON.stringify(q), ((u.user + u.system) / 1000 / 30).toFixed(2), 'ms cpu');
}
const v = (idx as any).vocabulary;
for (const p of ['qu', 'st', 'pro', 'ma']) {
  const c = process.cpuUsage();
  let n = 0;
  for (let k = 0; k < 30; k++) n = v.completions(p).length;
  const u = process.cpuUsage(c);
  console.log('completions', p, [...v.tree.atPrefix(p).entries()].length, ((u.user + u.system) / 1000 / 30).toFixed(2), 'ms cpu');
}
const ms = (idx as any);
const c = process.cpuUsage();
let total = 0;
for (let k = 0; k < 30; k++) { const m = ms.scratch.match(ms.terms, ms.vocabulary, require('../src/catalogue/search/typed-query').readTypedQuery('qu')); total = m.docs.length; }
const u = process.cpuUsage(c);
console.log('match qu', total, ((u.user + u.system) / 1000 / 30).toFixed(2));
{
  const { FacetTally } = require('../src/catalogue/search/facets');
  const { rankScoreOf } = require('../src/catalogue/search/rank-score');
  const m = ms.scratch.match(ms.terms, ms.vocabulary, require('../src/catalogue/search/typed-query').readTypedQuery('qu'));
  const docs = Int32Array.from(m.docs); const rel = Float64Array.from(m.relevance);
  let c = process.cpuUsage(); let passing: number[] = [];
  for (let k = 0; k < 30; k++) { const t = new FacetTally({}, ms.facts); passing = []; for (let i = 0; i < docs.length; i++) if (t.add(docs[i])) passing.push(i); }
  let u = process.cpuUsage(c); console.log('tally', ((u.user + u.system) / 1000 / 30).toFixed(2));
  const f = ms.facts; c = process.cpuUsage(); let s = 0;
  for (let k = 0; k < 30; k++) for (const i of passing) { const d = docs[i]; s += rankScoreOf(rel[i] / 3, f.average(d), f.ratingCount(d), f.updatedMs(d), 4, Date.now()); }
  u = process.cpuUsage(c); console.log('rank', ((u.user + u.system) / 1000 / 30).toFixed(2), s > 0);
  c = process.cpuUsage();
  for (let k = 0; k < 30; k++) ms.search({ text: 'qu', limit: 20, offset: 0, now });
  u = process.cpuUsage(c); console.log('search', ((u.user + u.system) / 1000 / 30).toFixed(2));
}
