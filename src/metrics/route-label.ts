/**
 * The `route` label of a request: the Express route pattern that answered it ("/s/:sid/reviews"),
 * never the path a client sent. Session ids travel in paths (/s/<id>/…), and random paths are free
 * to send: a label holding either would leak a secret and grow without end.
 */
/** Requests no route answered (404s, anything the app does not serve). */
export const UNMATCHED = 'unmatched';
/** Past this many distinct templates, new ones share one label: a last guard on the series count. */
export const OTHER = 'other';
const MAX_ROUTES = 150;

/**
 * Mount points with a parameter, as the app spells them. Express 4 keeps the path a router matched
 * (req.baseUrl) but not the pattern of its mount, so the pattern is put back here.
 */
const PARAMETER_MOUNTS: readonly { readonly pattern: RegExp; readonly template: string }[] = [{ pattern: /^\/s\/[^/]*/, template: '/s/:sid' }];

/**
 * Responses no route answered that still belong to a known part of the app: a refused session page
 * (expired session, CSRF) is answered by middleware, a static file by express.static.
 */
const PREFIXES: readonly { readonly pattern: RegExp; readonly label: string }[] = [
  { pattern: /^\/s\/[^/]*(\/|$)/, label: '/s/:sid/*' },
  { pattern: /^\/static\//, label: '/static/*' },
  { pattern: /^\/lti\//, label: '/lti/*' },
];

/** The route that answered a request, as recorded when Express dispatched to it (see http-metrics.ts). */
export interface MatchedRoute {
  /** The route's path as the code wrote it (req.route.path). */
  readonly path: unknown;
  /** req.baseUrl at that moment: where the route's router was mounted, as matched. */
  readonly baseUrl: string;
}

export function routeTemplate(matched: MatchedRoute | undefined, originalUrl: string, status: number): string {
  const routePath = patternOf(matched?.path);
  if (matched && routePath !== undefined) return mountTemplate(matched.baseUrl) + (routePath === '/' && matched.baseUrl ? '' : routePath);
  if (status === 404) return UNMATCHED;
  const path = originalUrl.replace(/[?#].*$/s, '');
  return PREFIXES.find((prefix) => prefix.pattern.test(path))?.label ?? UNMATCHED;
}

/** A route's path as the code wrote it: a string, a RegExp or a list of them (all finite, written in the code). */
function patternOf(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path) && path.length > 0) return path.map((part) => patternOf(part) ?? '?').join('|');
  return undefined;
}

function mountTemplate(baseUrl: string): string {
  for (const mount of PARAMETER_MOUNTS) if (mount.pattern.test(baseUrl)) return baseUrl.replace(mount.pattern, mount.template);
  return baseUrl;
}

/** Keeps the label set bounded: the first MAX_ROUTES templates seen keep their name, later ones become "other". */
export function boundedLabels(max = MAX_ROUTES): (label: string) => string {
  const seen = new Set<string>([UNMATCHED, OTHER]);
  return (label) => {
    if (seen.has(label)) return label;
    if (seen.size >= max + 2) return OTHER;
    seen.add(label);
    return label;
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Node accepts a few dozen methods (PROPFIND, MKCOL…); the tool serves these, the rest are "OTHER". */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
