/**
 * The results as a spreadsheet: one block per idea (rank, title, votes, status, author, credit
 * consent) followed by the poll results, in the instructor's language. toCsv adds the BOM and
 * neutralises cells that a spreadsheet would run as formulas.
 */
import type { Translate } from '../../i18n/translate';
import { toCsv, type CsvRow } from '../reviews/csv';
import type { ResultsModel } from './results';

export function resultsCsv(results: ResultsModel, t: Translate): string {
  const header = [t('cg.csv.section'), t('cg.csv.rank'), t('cg.csv.title'), t('cg.csv.count'), t('cg.csv.status'), t('cg.csv.author'), t('cg.csv.credit')];
  const rows: CsvRow[] = [[t('cg.csv.participation'), '', results.participation.label, results.participation.count, '', '', '']];
  for (const idea of results.ideas) rows.push([t('cg.csv.idea'), idea.rank, idea.title, idea.votes, idea.statusLabel, idea.author, idea.credited ? t('cg.csv.yes') : t('cg.csv.no')]);
  for (const poll of results.polls)
    for (const bar of poll.bars) rows.push([t('cg.csv.poll'), '', `${poll.question} — ${bar.label}`, bar.count, `${bar.percent} %`, '', '']);
  return toCsv(header, rows);
}
