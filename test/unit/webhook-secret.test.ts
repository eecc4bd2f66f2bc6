/** The webhook secret sealed at rest (listening/alerts/webhook-secret.ts). */
import { openWebhookSecret, sealWebhookSecret, UnreadableWebhookSecretError } from '../../src/listening/alerts/webhook-secret';
import { decryptText } from '../../src/storage/ltijs/crypto';

const KEY = 'an-lti-key-of-at-least-32-characters-000';
const SECRET = 'whsec-0123456789abcdef';

describe('the webhook secret at rest', () => {
  it('is stored sealed, a new seal each time, and opens to the secret with the same LTI_KEY', () => {
    const a = sealWebhookSecret(SECRET, KEY);
    const b = sealWebhookSecret(SECRET, KEY);
    expect(a).toMatch(/^lv1:[0-9a-f]{24}:[0-9a-f]+$/);
    expect(a).not.toContain(SECRET);
    expect(a).not.toBe(b);
    expect(openWebhookSecret(a, KEY)).toBe(SECRET);
    expect(openWebhookSecret(b, KEY)).toBe(SECRET);
  });

  it('is sealed under a key of its own: the key ltijs records are sealed with does not open it', () => {
    const [, iv, data] = sealWebhookSecret(SECRET, KEY).split(':');
    expect(() => decryptText(data, iv, KEY)).toThrow();
  });

  it('refuses to open under another LTI_KEY or when tampered with, saying what to do', () => {
    const sealed = sealWebhookSecret(SECRET, KEY);
    expect(() => openWebhookSecret(sealed, `${KEY}-rotated`)).toThrow(UnreadableWebhookSecretError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('00') ? '11' : '00');
    expect(() => openWebhookSecret(tampered, KEY)).toThrow('save the webhook secret again');
    expect(() => openWebhookSecret('lv1:zz', KEY)).toThrow(UnreadableWebhookSecretError);
  });

  it('reads a secret an earlier version stored in clear as it is', () => {
    expect(openWebhookSecret(SECRET, KEY)).toBe(SECRET);
  });
});
