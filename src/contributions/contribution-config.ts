/**
 * CONTRIBUTION_MAX_BYTES, checked with zod like the project's other structured inputs: the largest
 * file a learner may attach to a contribution (default 10 MB = 10 * 1024 * 1024 bytes). Bounded
 * below so an office document still fits, and above because image clean-up holds one image in
 * memory (contributions/files/strip-metadata.ts).
 */
import { z } from 'zod';

export interface ContributionConfig {
  /** Largest accepted file, in bytes, enforced while the upload streams. */
  readonly maxFileBytes: number;
}

export const DEFAULT_CONTRIBUTION_MAX_BYTES = 10 * 1024 * 1024;
const MIN = 64 * 1024;
const MAX = 100 * 1024 * 1024;

const maxBytesSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number of bytes')
  .transform(Number)
  .pipe(z.number().int().min(MIN, `must be at least ${MIN}`).max(MAX, `must be at most ${MAX}`));

export function readContributionConfig(env: Readonly<Record<string, string | undefined>>, problems: string[]): ContributionConfig {
  const raw = env.CONTRIBUTION_MAX_BYTES;
  if (raw === undefined || raw.trim() === '') return { maxFileBytes: DEFAULT_CONTRIBUTION_MAX_BYTES };
  const parsed = maxBytesSchema.safeParse(raw);
  if (parsed.success) return { maxFileBytes: parsed.data };
  problems.push(`CONTRIBUTION_MAX_BYTES ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${raw}").`);
  return { maxFileBytes: DEFAULT_CONTRIBUTION_MAX_BYTES };
}
