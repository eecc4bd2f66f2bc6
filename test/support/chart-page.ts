/**
 * A static page holding every kind of Listening chart, rendered through the real partials: what the
 * render test reads and what the browser test shows at 320 and 1024 px. Figures are made up but
 * shaped like a course's year: weekly buckets with quiet weeks, a version and two actions.
 */
import ejs from 'ejs';
import type { Locale } from '../../src/context/launch-context';
import { VIEW_OPTIONS } from '../../src/http/render';
import { multiSeriesChart, sparkline, timeSeriesChart, type SeriesPoint } from '../../src/listening/charts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5); // a Monday

/** Weekly buckets over half a year, with empty weeks (null) where nobody rated. */
export function weeklyRatings(weeks = 26): SeriesPoint[] {
  return Array.from({ length: weeks }, (_, i) => {
    const quiet = i % 7 === 3 || i === 12 || i === 13;
    const value = 3.2 + 0.9 * Math.sin(i / 4) * (i < 13 ? -1 : 1) * 0.5 + i * 0.03;
    return { at: new Date(START + i * 7 * DAY), value: quiet ? null : Math.round(value * 100) / 100, count: quiet ? 0 : 1 + ((i * 7) % 13) };
  });
}

export function monthlyRatings(): SeriesPoint[] {
  return Array.from({ length: 12 }, (_, i) => ({ at: new Date(Date.UTC(2026, i, 1)), value: i === 7 ? null : 3 + (i % 5) * 0.35, count: i === 7 ? 0 : 4 + ((i * 5) % 17) }));
}

const TEXTS = {
  en: {
    weekly: ['Average rating by week', 'Weekly average rating of Excel for accountants from January to June 2026, with the number of ratings each week.'],
    monthly: ['Average rating by month', 'Monthly average rating of Negotiation basics in 2026.'],
    aspects: ['Aspects by month', 'Monthly averages of content, trainer and workload in 2026.'],
    version: 'Spring 2026 session', action1: 'More exercises in week 2', action2: '=cmd|"/c calc"!A1 <b>not bold</b>', outside: 'Autumn 2025 session',
    aspectNames: ['Content', 'Trainer', 'Usefulness at work'], courses: ['Excel for accountants', 'Negotiation basics', 'Project management'],
  },
  fr: {
    weekly: ['Note moyenne par semaine', 'Note moyenne hebdomadaire d’Excel pour comptables de janvier à juin 2026, avec le nombre de notes de chaque semaine.'],
    monthly: ['Note moyenne par mois', 'Note moyenne mensuelle de Bases de la négociation en 2026.'],
    aspects: ['Critères par mois', 'Moyennes mensuelles du contenu, du formateur et de la charge de travail en 2026.'],
    version: 'Session de printemps 2026', action1: 'Plus d’exercices en semaine 2', action2: '=cmd|"/c calc"!A1 <b>pas gras</b>', outside: 'Session d’automne 2025',
    aspectNames: ['Contenu', 'Formateur', 'Utilité au travail'], courses: ['Excel pour comptables', 'Bases de la négociation', 'Gestion de projet'],
  },
} as const;

export function demoCharts(locale: Locale) {
  const text = TEXTS[locale];
  const weekly = timeSeriesChart({
    title: text.weekly[0], description: text.weekly[1], points: weeklyRatings(), yDomain: [1, 5], locale,
    markers: [
      { at: new Date(Date.UTC(2026, 1, 2)), label: text.version, kind: 'version' },
      { at: new Date(Date.UTC(2026, 1, 9)), label: text.action1, kind: 'action' },
      { at: new Date(Date.UTC(2026, 4, 4)), label: text.action2, kind: 'action' },
      { at: new Date(Date.UTC(2025, 8, 1)), label: text.outside, kind: 'version' },
    ],
  });
  const monthly = timeSeriesChart({ title: text.monthly[0], description: text.monthly[1], points: monthlyRatings(), locale });
  const months = monthlyRatings().map((p) => p.at);
  const aspects = multiSeriesChart({
    title: text.aspects[0], description: text.aspects[1], locale,
    series: text.aspectNames.map((label, s) => ({ key: ['content', 'trainer', 'usefulness'][s], label, points: months.map((at, i) => ({ at, value: s === 2 && i === 4 ? null : 2.2 + ((i + s * 2) % 6) * 0.4 + s * 0.15 })) })),
  });
  const trends = text.courses.map((course, c) => ({
    course,
    chart: sparkline({ about: course, locale, days: 90, points: Array.from({ length: 13 }, (_, i) => ({ at: new Date(START + i * 7 * DAY), value: c === 2 ? 4.2 : 3.8 + (c === 0 ? 1 : -1) * i * 0.035 })) }),
  }));
  return { weekly, monthly, aspects, trends };
}

const PAGE = `<!doctype html>
<html lang="<%= locale %>">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Listening charts</title>
<link rel="stylesheet" href="/static/css/app.css"><link rel="stylesheet" href="/static/css/listening.css"></head>
<body><main id="main">
<h1><%= locale === 'fr' ? 'Graphiques' : 'Charts' %></h1>
<h2><%= charts.weekly.title %></h2>
<%- include('/partials/charts/time-series', { chart: charts.weekly }) %>
<h2><%= charts.monthly.title %></h2>
<%- include('/partials/charts/time-series', { chart: charts.monthly }) %>
<h2><%= charts.aspects.title %></h2>
<%- include('/partials/charts/multi-series', { chart: charts.aspects }) %>
<h2><%= locale === 'fr' ? 'Tendances' : 'Trends' %></h2>
<ul class="trend-list">
<% charts.trends.forEach(function (trend) { %><li><%= trend.course %> <%- include('/partials/charts/sparkline', { chart: trend.chart }) %></li>
<% }) %>
</ul>
</main></body></html>`;

export function chartPage(locale: Locale): string {
  return ejs.render(PAGE, { locale, charts: demoCharts(locale) }, { ...VIEW_OPTIONS, filename: `${VIEW_OPTIONS.root}/charts-page.ejs` });
}
