/**
 * Search highlights as HTML: each segment escaped, the matched ones wrapped in <mark>. The one place
 * the catalogue builds markup from text, so the escaping is tested here (a course title is LMS data
 * and review text is learners'), and the views print the result with <%- %>.
 */
import type { Segment } from '../../catalogue/search/search-types';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function markedHtml(segments: readonly Segment[]): string {
  return segments.map((s) => (s.match ? `<mark>${escapeText(s.text)}</mark>` : escapeText(s.text))).join('');
}
