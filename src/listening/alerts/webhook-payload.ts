/**
 * The JSON body of a webhook call: one shape that Slack and Microsoft Teams render as it is, and that
 * a program can read.
 * - `text`: one line (course, what happened). Slack incoming webhooks show it as the message (and as
 *   the notification when `blocks` are given); Teams incoming webhooks (Office 365 connectors) render
 *   a body with a `text` field as a simple card.
 * - `blocks`: Slack's layout of the same words (a header and a section).
 * - `alert`: the machine-readable record (id, kind, course ids and title, facts, review ids, time),
 *   which Slack and Teams ignore. Teams Workflows ("Post to a channel when a webhook request is
 *   received") read fields from the body: map `text`, or build an Adaptive Card from `alert`.
 * The text is in English (the receiver is a channel, not one person); no learner writing is sent,
 * only figures and the title of a public mention.
 */
import type { Alert } from '../../storage/ports/alerts';
import { alertKindLabel, alertSentence } from './alert-text';

export interface WebhookPayload {
  readonly text: string;
  readonly blocks: readonly unknown[];
  readonly alert: {
    readonly id: string;
    readonly kind: Alert['kind'];
    readonly course: { readonly issuer: string; readonly deploymentId: string; readonly contextId: string; readonly title: string };
    readonly raisedAt: string;
    readonly facts: Alert['facts'];
    readonly reviewIds: readonly string[];
  };
}

/** Slack's mrkdwn gives &, < and > a meaning (links, mentions): escaped as its documentation asks. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webhookPayload(alert: Alert, courseTitle: string): WebhookPayload {
  const sentence = alertSentence(alert, 'en');
  const label = alertKindLabel(alert, 'en');
  const title = courseTitle || alert.course.contextId;
  return {
    // Escaped too: Slack reads `text` as mrkdwn, where a course titled "<!channel>" would ping everyone.
    text: slackEscape(`[${title}] ${label}: ${sentence}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: slackEscape(`${label} · ${title}`).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(sentence) } },
    ],
    alert: {
      id: alert.id,
      kind: alert.kind,
      course: { issuer: alert.course.issuer, deploymentId: alert.course.deploymentId, contextId: alert.course.contextId, title },
      raisedAt: alert.raisedAt.toISOString(),
      facts: alert.facts,
      reviewIds: alert.reviewIds,
    },
  };
}
