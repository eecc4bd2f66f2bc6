/**
 * A browser stand-in for integration tests: a supertest agent (so cookies are kept per host) that
 * follows redirects and submits auto-submitting forms, as Chromium does during an LTI launch.
 */
import request from 'supertest';
import type { Response } from 'supertest';

export interface Step {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

export interface FormFound {
  readonly action: string;
  readonly method: string;
  readonly fields: Record<string, string>;
}

const decode = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The first form on the page (or the one with id), with its hidden and text inputs. */
export function findForm(html: string, id?: string): FormFound | null {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
  const match = id ? forms.find((f) => new RegExp(`id=["']${id}["']`).test(f[1])) : forms[0];
  if (!match) return null;
  const attr = (name: string) => new RegExp(`${name}=["']([^"']*)["']`, 'i').exec(match[1])?.[1];
  const fields: Record<string, string> = {};
  for (const input of match[2].matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name=["']([^"']*)["']/i.exec(input[1])?.[1];
    const value = /value=["']([^"']*)["']/i.exec(input[1])?.[1] ?? '';
    const type = /type=["']([^"']*)["']/i.exec(input[1])?.[1] ?? 'text';
    if (name && type !== 'checkbox' && type !== 'radio') fields[decode(name)] = decode(value);
  }
  return { action: decode(attr('action') ?? ''), method: (attr('method') ?? 'get').toUpperCase(), fields };
}

export function isAutoSubmit(html: string): boolean {
  return /data-autosubmit|\.submit\(\)|onload=["'][^"']*submit/i.test(html) || /autosubmit/i.test(html);
}

export class Browser {
  readonly trail: Step[] = [];
  private readonly agent: ReturnType<typeof request.agent>;

  constructor(private readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  private path(url: string, from?: string): string {
    const absolute = new URL(url, from ?? this.baseUrl);
    if (absolute.origin !== new URL(this.baseUrl).origin) throw new Error(`test browser cannot leave ${this.baseUrl}: ${absolute.href}`);
    return absolute.pathname + absolute.search;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.agent.get(this.path(url)).set(headers).redirects(0);
    this.trail.push({ method: 'GET', url, status: res.status });
    return res;
  }

  async post(url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.agent
      .post(this.path(url))
      .set({ 'Content-Type': 'application/x-www-form-urlencoded', ...headers })
      .send(body.toString())
      .redirects(0);
    this.trail.push({ method: 'POST', url, status: res.status });
    return res;
  }

  /** Follows redirects and auto-submitted forms until a page that stays put, like a browser. */
  async settle(res: Response, currentUrl: string, maxSteps = 10): Promise<{ res: Response; url: string }> {
    let url = currentUrl;
    for (let i = 0; i < maxSteps; i++) {
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        url = new URL(res.headers.location, url).href;
        res = await this.get(url);
        continue;
      }
      const html = res.text ?? '';
      // The tool's platform-storage login page stores state and nonce by postMessage, then goes on to
      // the platform: this browser runs no script, so it goes on (its cookie jar keeps the state cookie).
      const storing = /data-mode="store"[\s\S]*?data-continue-url="([^"]+)"/.exec(html);
      if (res.status === 200 && storing) {
        url = new URL(decode(storing[1]), url).href;
        res = await this.get(url);
        continue;
      }
      if (res.status === 200 && /html/.test(String(res.headers['content-type'])) && isAutoSubmit(html)) {
        const form = findForm(html);
        if (form && form.action) {
          url = new URL(form.action, url).href;
          res = form.method === 'POST' ? await this.post(url, form.fields) : await this.get(url + '?' + new URLSearchParams(form.fields));
          continue;
        }
      }
      return { res, url };
    }
    throw new Error('too many redirects or auto-submits: ' + JSON.stringify(this.trail));
  }
}
