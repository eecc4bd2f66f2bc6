/**
 * The type of a file from its first bytes (magic numbers), never from its name or the browser's
 * Content-Type. Returns a candidate kind; the other checks (zip-check.ts, polyglot.ts, text.ts)
 * confirm it.
 */
import type { FileRefusal } from './file-kinds';

export type Sniffed = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'text' | { readonly refused: FileRefusal };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Program formats refused by name in the message: Windows PE/DOS (MZ), ELF, Mach-O (both byte orders, fat), shebang scripts, Java class, WebAssembly. */
const EXECUTABLES: readonly (readonly number[])[] = [
  ascii('MZ'),
  [0x7f, 0x45, 0x4c, 0x46],
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe],
  ascii('#!'),
  [0x00, 0x61, 0x73, 0x6d],
];

/** Markup at the start of a file, after an optional BOM and whitespace: SVG, HTML and XML of any kind. */
const MARKUP_START = /^(?:\ufeff)?\s*<(?:\?xml|svg|!doctype|html|head|body|script|iframe|!--|[a-z][a-z0-9-]*(?:\s|>|\/))/i;

export function sniffType(head: Uint8Array): Sniffed {
  if (head.length === 0) return { refused: 'empty' };
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (EXECUTABLES.some((signature) => startsWith(head, signature))) return { refused: 'executable' };
  const start = Buffer.from(head.subarray(0, 512)).toString('latin1');
  if (MARKUP_START.test(start)) return { refused: 'markup' };
  return 'text';
}
