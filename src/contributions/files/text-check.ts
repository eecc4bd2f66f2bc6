/**
 * Plain text is accepted when it is valid UTF-8 (an optional BOM), holds no NUL and no control
 * character other than tab, line feed, carriage return and form feed, and is not markup (sniff.ts
 * refuses markup at the start; here markup anywhere counts too, see polyglot.ts's list).
 */
import { hasForeignContent } from './polyglot';

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

export type TextVerdict = 'ok' | 'not-text' | 'markup';

export function checkText(bytes: Buffer): TextVerdict {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'not-text';
  }
  if (CONTROL.test(text)) return 'not-text';
  return hasForeignContent(bytes) ? 'markup' : 'ok';
}
