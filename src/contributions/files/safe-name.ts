/**
 * Names of uploaded files, for display and for the download's Content-Disposition only (never for
 * the disk): Unicode NFC, no path (the part after the last slash or backslash), no control, bidi
 * override or reserved characters, no leading dots, at most 100 characters, and the extension of
 * the detected type (so "report.pdf.exe" holding a PDF becomes "report.pdf.pdf", never ".exe").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:"/\\|?*]/g;
const MAX = 100;

export function safeFileName(original: string, extension: string): string {
  const base = String(original).normalize('NFC').split(/[\\/]/).pop() ?? '';
  let stem = base.replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const dot = stem.lastIndexOf('.');
  if (dot > 0 && stem.slice(dot + 1).toLowerCase() === extension) stem = stem.slice(0, dot);
  stem = [...stem].slice(0, MAX - extension.length - 1).join('').trim();
  return `${stem.replace(/[ .]+$/, '') || 'file'}.${extension}`;
}

/**
 * The Content-Disposition header of a download (RFC 6266): always attachment, an ASCII fallback
 * name, and the UTF-8 name as RFC 8187 filename*.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_') || 'file';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
