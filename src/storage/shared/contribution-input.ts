/**
 * The contribution store's own guard on what callers hand it (ports/contributions.ts says the
 * rules). The edge validates user input first, with messages; these checks make sure no adapter
 * stores what the port promises never to hold, and they throw rather than silently fix anything.
 */
import {
  CONTRIBUTION_HOLD_REASONS,
  CONTRIBUTION_LICENCES,
  CONTRIBUTION_LIMITS,
  ContributionInputError,
  type CommentStatus,
  type CommentWrite,
  type ContributionCredit,
  type ContributionFileRef,
  type ContributionHoldReason,
  type ContributionStatus,
  type ContributionWrite,
} from '../ports/contributions';

const FILE_ID = /^[0-9a-f]{32}$/;
const SHA256 = /^[0-9a-f]{64}$/;

function requireText(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new ContributionInputError(`${what} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed !== value) throw new ContributionInputError(`${what} must be non-empty and trimmed`);
  if (value.length > max) throw new ContributionInputError(`${what} is longer than ${max} characters`);
  return value;
}

/** An absolute http(s) URL without credentials, as the WHATWG URL parser reads it. */
export function checkLink(link: string): string {
  if (link.length > CONTRIBUTION_LIMITS.link) throw new ContributionInputError(`A link is at most ${CONTRIBUTION_LIMITS.link} characters`);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new ContributionInputError('A link must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ContributionInputError('A link must use http or https');
  if (url.username !== '' || url.password !== '') throw new ContributionInputError('A link must not carry credentials');
  return link;
}

export function checkFileRef(file: ContributionFileRef): ContributionFileRef {
  if (!FILE_ID.test(String(file.id))) throw new ContributionInputError('A file id is 32 lowercase hex characters');
  requireText(file.name, 'A file name', CONTRIBUTION_LIMITS.fileName);
  if (/[\\/\u0000-\u001f\u007f]/.test(file.name)) throw new ContributionInputError('A file name must be sanitized (no slash, backslash or control character)');
  if (typeof file.contentType !== 'string' || !/^[a-z]+\/[a-z0-9.+-]+$/.test(file.contentType)) throw new ContributionInputError('A file content type must be a plain type/subtype');
  if (!Number.isSafeInteger(file.size) || file.size < 1) throw new ContributionInputError('A file size is a positive integer');
  if (!SHA256.test(String(file.sha256))) throw new ContributionInputError('A file hash is a lowercase hex SHA-256');
  return { id: file.id, name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 };
}

export function checkCredit(credit: ContributionCredit): ContributionCredit {
  if (credit.byName === true) return { byName: true, name: requireText(credit.name, 'A credit name', CONTRIBUTION_LIMITS.creditName) };
  if (credit.byName === false) return { byName: false };
  throw new ContributionInputError('A credit is by name or anonymous');
}

export function checkHoldReasons(status: ContributionStatus | CommentStatus, reasons: readonly ContributionHoldReason[]): ContributionHoldReason[] {
  const unique = [...new Set(reasons)];
  for (const reason of unique) {
    if (!CONTRIBUTION_HOLD_REASONS.includes(reason)) throw new ContributionInputError(`Unknown hold reason ${String(reason)}`);
  }
  if (status === 'held' && unique.length === 0) throw new ContributionInputError('A held contribution or comment needs a hold reason');
  if (status === 'published' && unique.length > 0) throw new ContributionInputError('A published contribution or comment has no hold reason');
  return unique;
}

/** Checks a write and returns it normalised (no undefined keys, hold reasons deduplicated). */
export function checkContributionWrite(input: ContributionWrite): ContributionWrite {
  if (input.status !== 'published' && input.status !== 'held') throw new ContributionInputError(`A contribution is published or held, got ${String(input.status)}`);
  if (typeof input.consentToReuse !== 'boolean') throw new ContributionInputError('Consent to reuse is a boolean');
  if (input.status === 'published' && !input.consentToReuse) throw new ContributionInputError('A contribution is published only with consent to reuse');
  if (!CONTRIBUTION_LICENCES.includes(input.licence)) throw new ContributionInputError(`Unknown licence ${String(input.licence)}`);
  return {
    title: requireText(input.title, 'A title', CONTRIBUTION_LIMITS.title),
    text: requireText(input.text, 'A text', CONTRIBUTION_LIMITS.text),
    ...(input.link === undefined ? {} : { link: checkLink(input.link) }),
    ...(input.file === undefined ? {} : { file: checkFileRef(input.file) }),
    licence: input.licence,
    consentToReuse: input.consentToReuse,
    credit: checkCredit(input.credit),
    status: input.status,
    holdReasons: checkHoldReasons(input.status, input.holdReasons),
  };
}

export function checkCommentWrite(input: CommentWrite): CommentWrite {
  if (input.status !== 'published' && input.status !== 'held') throw new ContributionInputError(`A new comment is published or held, got ${String(input.status)}`);
  if (typeof input.author?.id !== 'string' || input.author.id === '') throw new ContributionInputError('A comment needs its author id');
  return {
    author: { id: input.author.id, name: String(input.author.name ?? '') },
    text: requireText(input.text, 'A comment', CONTRIBUTION_LIMITS.comment),
    status: input.status,
    holdReasons: checkHoldReasons(input.status, input.holdReasons),
  };
}

export function checkAuthorId(id: string): string {
  if (typeof id !== 'string' || id === '') throw new ContributionInputError('An author id is a non-empty string');
  return id;
}
