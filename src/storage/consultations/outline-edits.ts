import type { OutlineSection } from '../ports/consultations';
import { newRecordId } from './ids';

/**
 * The two edits of a consultation's draft outline, shared by every adapter: each adapter only
 * loads and stores the outline (in its own transaction), these decide what changes.
 */
export function appendSection(outline: OutlineSection[], section: Omit<OutlineSection, 'id'>): OutlineSection {
  const added = { id: newRecordId(), title: section.title, text: section.text };
  outline.push(added);
  return added;
}

/** Replaces the section with the same id; null when the outline has none. */
export function replaceSection(outline: OutlineSection[], section: OutlineSection): OutlineSection | null {
  const at = outline.findIndex((s) => s.id === section.id);
  if (at < 0) return null;
  outline[at] = { id: section.id, title: section.title, text: section.text };
  return outline[at];
}
