/**
 * A badge token as the catalogue issues it: random bytes in base64url (no padding). Checked at the edge,
 * before anything reaches the store: whatever else arrives on /badge/… is a 404 without a lookup.
 */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function isBadgeToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** `/badge/<token>` is the public page, `/badge/<token>.svg` the image; null for anything else. */
export function parseBadgePath(name: string): { token: string; image: boolean } | null {
  const image = name.endsWith('.svg');
  const token = image ? name.slice(0, -'.svg'.length) : name;
  return isBadgeToken(token) ? { token, image } : null;
}
