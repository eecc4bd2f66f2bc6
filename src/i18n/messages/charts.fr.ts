import type { chartsEn } from './charts.en';

/** Textes français des graphiques de l’écoute (évolutions, critères dans le temps, mini-courbes, tableaux). */
export const chartsFr: Record<keyof typeof chartsEn, string> = {
  'charts.table.show': 'Données sous forme de tableau',
  'charts.column.period': 'Période',
  'charts.column.average': 'Note moyenne',
  'charts.column.ratings': 'Nombre de notes',
  'charts.column.date': 'Date',
  'charts.column.kind': 'Type',
  'charts.column.what': 'Intitulé',
  'charts.noRatings': 'Aucune note',
  'charts.empty': 'Aucune note sur cette période pour l’instant',
  'charts.legend.line': 'Ligne et points\u202f: note moyenne, de 1 à 5.',
  'charts.legend.bars': 'Barres\u202f: nombre de notes de chaque période.',
  'charts.legend.barsAndFigures': 'Barres et petits nombres\u202f: nombre de notes de chaque période.',
  'charts.legend.series': 'Lignes, de 1 à 5\u202f:',
  'charts.markers.caption': 'Versions du cours et actions correctives',
  'charts.marker.version': 'Version du cours',
  'charts.marker.action': 'Action corrective',
  'charts.marker.line': '{kind}, {date}\u202f: {label}',
  'charts.marker.outside': '(hors de la période affichée)',
  'charts.sparkline.rising': 'Note moyenne en hausse de {from} à {to} sur {period}',
  'charts.sparkline.falling': 'Note moyenne en baisse de {from} à {to} sur {period}',
  'charts.sparkline.steady': 'Note moyenne stable à {to} sur {period}',
  'charts.sparkline.single': 'Note moyenne de {to} sur {period}',
  'charts.sparkline.none': 'Aucune note sur {period}',
  'charts.days': '{count, plural, one {# jour} other {# jours}}',
};
