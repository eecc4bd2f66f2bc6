/**
 * The webhook's signing secret at rest. HMAC needs the secret itself (a hash would not sign), so it
 * is stored sealed with AES-256-GCM under a key derived from the tool's LTI_KEY for this use only:
 * a copy of the database (a backup, a dump) does not give away the secret that lets anyone forge
 * the platform's alerts. The sealed form is `lv1:<iv hex>:<data hex>`; a secret saved in clear by an
 * earlier version is read as it is until the admin saves the webhook again.
 *
 * A secret sealed under another LTI_KEY cannot be opened: the delivery then fails with a message
 * telling the admin to save the secret again, and nothing is sent unsigned.
 */
import { decryptText, encryptText } from '../../storage/ltijs/crypto';

const PREFIX = 'lv1:';
/** Domain separation: the same LTI_KEY yields another key here than for ltijs's records. */
const purposeKey = (ltiKey: string) => `learner-voice/webhook-secret/v1:${ltiKey}`;

export function sealWebhookSecret(secret: string, ltiKey: string): string {
  const { iv, data } = encryptText(secret, purposeKey(ltiKey));
  return `${PREFIX}${iv}:${data}`;
}

export class UnreadableWebhookSecretError extends Error {
  override readonly name = 'UnreadableWebhookSecretError';
  constructor() {
    super('the webhook secret cannot be read with this LTI_KEY: save the webhook secret again');
  }
}

export function openWebhookSecret(stored: string, ltiKey: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const [iv, data] = stored.slice(PREFIX.length).split(':');
  try {
    return decryptText(data ?? '', iv ?? '', purposeKey(ltiKey));
  } catch {
    throw new UnreadableWebhookSecretError();
  }
}
