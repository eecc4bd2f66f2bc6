/**
 * Inputs a stranger can send that once answered 500: bodies a parser refuses (ours, or the ones
 * ltijs runs on /lti/*), ?done= values that name Object.prototype members, and page cursors the
 * tool never wrote. Each gets a 4xx page from the error catalogue, in the page's language.
 */
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { toolUrls } from '../../src/config';
import { openSession, type PanelSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, openConsultation, sessionFor, type CgSession } from './consumer-group-helpers';

let h: Harness;
let learner: PanelSession;
let teacher: PanelSession;
let frenchTeacher: PanelSession;
let cgStaff: CgSession;
let consultationId: string;

beforeAll(async () => {
  h = await startHarness();
  learner = await openSession(h, 'learner');
  teacher = await openSession(h, 'instructor');
  frenchTeacher = await openSession(h, { sub: 'hostile-fr-teacher', locale: 'fr', instructor: true });
  cgStaff = await sessionFor(h, instructor());
  consultationId = await openConsultation(cgStaff);
});
afterAll(async () => h.close());

const FORM = 'application/x-www-form-urlencoded';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Bodies each parser refuses, with the status and the title of the page that must answer them. */
const BODIES: readonly { name: string; headers: Record<string, string>; body: Buffer | string; status: number; title: string }[] = [
  { name: 'gzip that does not inflate', headers: { 'Content-Type': FORM, 'Content-Encoding': 'gzip' }, body: Buffer.from('not gzip at all'), status: 400, title: 'Request could not be read' },
  { name: 'deflate that does not inflate', headers: { 'Content-Type': FORM, 'Content-Encoding': 'deflate' }, body: Buffer.from('garbage'), status: 400, title: 'Request could not be read' },
  { name: 'gzip of a truncated stream', headers: { 'Content-Type': FORM, 'Content-Encoding': 'gzip' }, body: gzipSync('a=b'.repeat(100)).subarray(0, 20), status: 400, title: 'Request could not be read' },
  { name: 'br (not decoded by the tool)', headers: { 'Content-Type': FORM, 'Content-Encoding': 'br' }, body: Buffer.from('xx'), status: 415, title: 'Unsupported request format' },
  { name: 'an unknown Content-Encoding', headers: { 'Content-Type': FORM, 'Content-Encoding': 'x-made-up' }, body: Buffer.from('xx'), status: 415, title: 'Unsupported request format' },
  { name: 'a form in charset=foo', headers: { 'Content-Type': `${FORM}; charset=foo` }, body: 'a=b', status: 415, title: 'Unsupported request format' },
  { name: 'a form in charset=utf-16', headers: { 'Content-Type': `${FORM}; charset=utf-16` }, body: 'a=b', status: 415, title: 'Unsupported request format' },
  { name: 'JSON in charset=foo', headers: { 'Content-Type': 'application/json; charset=foo' }, body: '{}', status: 415, title: 'Unsupported request format' },
  { name: 'JSON that does not parse', headers: { 'Content-Type': 'application/json' }, body: '{"id_token":', status: 400, title: 'Request could not be read' },
  { name: 'a form with 1,000 fields', headers: { 'Content-Type': FORM }, body: Array.from({ length: 1000 }, (_, i) => `f${i}=1`).join('&'), status: 413, title: 'Request too large' },
];

describe('request bodies a parser refuses', () => {
  const targets = () => [
    { name: 'the launch endpoint', path: toolUrls(h.baseUrl).launch },
    { name: 'the login endpoint', path: toolUrls(h.baseUrl).login },
    { name: 'a session write', path: `${learner.base}/reviews` },
  ];

  it.each(BODIES)('when $name is posted, then each endpoint answers its 4xx page, never 500', async ({ headers, body, status, title }) => {
    for (const target of targets()) {
      const res = await request(target.path).post('').set(headers).send(body);
      expect({ target: target.name, status: res.status }).toEqual({ target: target.name, status });
      expect(res.text).toContain(`<h1 id="error-title">${title}</h1>`);
    }
  });

  it('when the client asks for JSON, then the refusal is JSON with its catalogue code', async () => {
    const res = await request(h.baseUrl).post('/lti/launch').set({ 'Content-Type': FORM, 'Content-Encoding': 'br', Accept: 'application/json' }).send('xx');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', title: 'Unsupported request format' });
  });

  it('when the browser reads French, then the page is in French', async () => {
    const res = await request(h.baseUrl).post('/lti/login').set({ 'Content-Type': FORM, 'Content-Encoding': 'gzip', 'Accept-Language': 'fr-FR' }).send(Buffer.from('garbage'));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Requête illisible');
    expect(res.text).toContain('n’a pas pu le lire');
  });

  describe('bodies only ltijs parses (text, octet-stream) on its own /lti routes', () => {
    const platform = () => h.platform;
    // A login initiation that passes our guard, so the request reaches ltijs and its body parsers.
    const validLogin = () => `/lti/login?${new URLSearchParams({ iss: platform().issuer, login_hint: '4', target_link_uri: toolUrls(h.baseUrl).launch, client_id: platform().clientId })}`;
    const LTIJS_BODIES = [
      { headers: { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, body: Buffer.from('garbage'), status: 400 },
      { headers: { 'Content-Type': 'text/plain', 'Content-Encoding': 'br' }, body: Buffer.from('garbage'), status: 415 },
      { headers: { 'Content-Type': 'text/plain; charset=foo' }, body: 'x', status: 415 },
      { headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'deflate' }, body: Buffer.from('garbage'), status: 400 },
      { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(200 * 1024), status: 413 },
    ];

    it.each(['/lti/keys', 'login'])('when %s gets one, then our error page answers with its 4xx', async (path) => {
      for (const { headers, body, status } of LTIJS_BODIES) {
        const res = await request(h.baseUrl).post(path === 'login' ? validLogin() : path).set(headers).send(body);
        expect({ headers, status: res.status }).toEqual({ headers, status });
        expect(res.text).toContain('id="error-title"');
      }
    });
  });
});

describe('a body that declares more than the tool accepts', () => {
  /** One request on a raw socket: what comes back before the server closes the connection. */
  const rawExchange = (path: string, headers: string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(h.baseUrl);
      const socket = net.connect(Number(port), hostname, () => socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${headers}\r\n\r\nabc`));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });

  it('is refused with 413 at once and its connection closed, not read for minutes (LTI routes and session pages)', async () => {
    const huge = 'Content-Length: 99999999999';
    // The page's language: the browser's outside a session, the session's (here English) inside one.
    const paths = [
      { path: '/lti/login', title: 'Requête trop volumineuse' },
      { path: '/lti/launch', title: 'Requête trop volumineuse' },
      { path: '/nowhere', title: 'Requête trop volumineuse' },
      { path: new URL(`${learner.base}/reviews`).pathname, title: 'Request too large' },
    ];
    for (const { path, title } of paths) {
      for (const type of ['application/x-www-form-urlencoded', 'application/json']) {
        const answer = await rawExchange(path, `Content-Type: ${type}\r\n${huge}\r\nAccept-Language: fr`);
        expect({ path, type, status: answer.split('\r\n')[0] }).toEqual({ path, type, status: 'HTTP/1.1 413 Payload Too Large' });
        expect(answer).toMatch(/\r\nConnection: close\r\n/i);
        expect(answer).toContain(title);
      }
    }
  }, 20_000);
});

describe('?done= values that name Object.prototype members', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
  const pages = () => [
    { who: learner, path: '/reviews' },
    { who: teacher, path: '/reviews' },
    { who: teacher, path: '/reviews/moderation' },
    { who: teacher, path: '/reviews/loop' },
    { who: teacher, path: '/settings' },
  ];

  it('when a panel page is opened with one, then it is shown as usual, with no confirmation', async () => {
    for (const name of NAMES) {
      for (const { who, path } of pages()) {
        const res = await who.get(`${path}?done=${name}`);
        expect({ path, name, status: res.status }).toEqual({ path, name, status: 200 });
        expect(res.text).not.toContain('class="flash');
      }
      for (const path of ['/', '/needs', `/consultations/${consultationId}`]) {
        const res = await cgStaff.get(`${path}?done=${name}`);
        expect({ path, name, status: res.status }).toEqual({ path, name, status: 200 });
        expect(res.text).not.toContain('class="flash');
      }
    }
  });

  it('while a real ?done= still shows its confirmation', async () => {
    expect((await teacher.get('/settings?done=saved')).text).toContain('class="flash');
    expect((await cgStaff.get('/?done=created')).text).toContain('class="flash');
  });
});

describe('page cursors the tool never wrote', () => {
  const MALFORMED = ['abc', b64('{nope'), b64('{"x":1}'), b64('null'), b64('[1e999,"x"]'), b64('["x",1]'), b64('[1,2,3,4,5]')];
  const reviewLinks = ['/reviews?cursor=', '/reviews?sort=helpful&cursor=', '/reviews/moderation?log=', '/reviews/moderation?queue=', '/reviews/loop?page='];
  const consumerGroupLinks = () => ['/?cursor=', '/needs?cursor=', `/consultations/${consultationId}?cursor=`, `/consultations/${consultationId}?sort=newest&cursor=`];

  it('when a list page is opened with one, then it answers 400 "page link not valid", never 500', async () => {
    for (const cursor of MALFORMED) {
      for (const link of reviewLinks) {
        const res = await teacher.get(link + cursor);
        expect({ link, cursor, status: res.status }).toEqual({ link, cursor, status: 400 });
        expect(res.text).toContain('The link to this page of the list is incorrect or out of date.');
      }
      // The Hidden view refuses a foreign cursor itself, with its own message.
      expect((await teacher.get(`/reviews/hidden?cursor=${cursor}`)).status).toBe(400);
      for (const link of consumerGroupLinks()) {
        const res = await cgStaff.get(link + cursor);
        expect({ link, cursor, status: res.status }).toEqual({ link, cursor, status: 400 });
        expect(res.text).toContain('Page link not valid');
      }
    }
  });

  it('when the page is French, then so is the message', async () => {
    const res = await frenchTeacher.get(`/reviews/moderation?log=${b64('{"a":"x"}')}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Lien de page non valide');
    expect(res.text).toContain('Le lien vers cette page de la liste est incorrect ou périmé.');
  });

  it('while a list page with no cursor, or an empty one, is the first page', async () => {
    expect((await teacher.get('/reviews/moderation?log=')).status).toBe(200);
    expect((await cgStaff.get('/?cursor=')).status).toBe(200);
  });
});
