/**
 * HTML helpers for the platform's pages. Every value that reaches HTML goes through escapeHtml;
 * pages load their scripts from the platform (no inline script) so a strict CSP can apply.
 */
import type { Response } from 'express';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface PageOptions {
  title: string;
  body: string;
  assetsUrl: string;
  scripts?: string[];
  lang?: string;
  bodyAttributes?: Record<string, string>;
}

export function page({ title, body, assetsUrl, scripts = [], lang = 'en', bodyAttributes = {} }: PageOptions): string {
  const attributes = Object.entries(bodyAttributes)
    .map(([name, value]) => ` ${escapeHtml(name)}="${escapeHtml(value)}"`)
    .join('');
  const scriptTags = scripts.map((s) => `<script src="${escapeHtml(`${assetsUrl}/${s}`)}"></script>`).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(`${assetsUrl}/platform.css`)}">
</head>
<body${attributes}>
${body}
${scriptTags}
</body>
</html>`;
}

export function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

/**
 * A page that posts a form on load, as Moodle's launch.php and auth.php do; without JavaScript the
 * person presses Continue.
 */
export function autoSubmitPage(options: {
  title: string;
  action: string;
  fields: Record<string, string>;
  assetsUrl: string;
  target?: string;
}): string {
  const target = options.target ? ` target="${escapeHtml(options.target)}"` : '';
  const body = `<main>
<form method="post" action="${escapeHtml(options.action)}"${target} data-autosubmit>
${hiddenInputs(options.fields)}
<p>${escapeHtml(options.title)}…</p>
<noscript><button type="submit">Continue</button></noscript>
</form>
</main>`;
  return page({ title: options.title, body, assetsUrl: options.assetsUrl, scripts: ['autosubmit.js'] });
}

/**
 * Sends a platform page. Moodle's own pages send X-Frame-Options: sameorigin; the pages that carry a
 * launch into the tool's frame (launch.php, auth.php) send no framing header. The CSP is set here so
 * that an app-wide policy (helmet's form-action 'self') cannot stop the posts to the tool.
 */
export function sendHtml(res: Response, html: string, options: { framing: 'sameorigin' | 'any'; status?: number }): void {
  res.status(options.status ?? 200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  const frameAncestors = options.framing === 'sameorigin' ? "'self'" : '*';
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: http: https:",
      "frame-src 'self' http: https:",
      "form-action 'self' http: https:",
      `frame-ancestors ${frameAncestors}`,
      "base-uri 'none'",
    ].join('; '),
  );
  if (options.framing === 'sameorigin') res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  else res.removeHeader('X-Frame-Options');
  res.send(html);
}

/** A plain-text refusal, as the LMS pages answer a bad request; tests assert on the text. */
export function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain').send(message);
}
