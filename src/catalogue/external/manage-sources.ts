/**
 * The admin's actions on a deployment's sources, shared by the admin page and the CLI: add (checked,
 * capped, one per URL), remove, and refresh now (claimed like the worker does, so it never races a
 * fetch already under way).
 */
import type { DeploymentKey } from '../../context/tenant';
import type { ExternalSource, ExternalSourceStore } from '../../storage/ports/external-sources';
import { refreshSource, type RefreshDeps, type RefreshOutcome } from './refresh-source';
import { MAX_SOURCES_PER_DEPLOYMENT, parseSourceInput, type SourceField, type SourceProblem } from './source-input';

export type AddResult =
  | { readonly ok: true; readonly source: ExternalSource }
  | { readonly ok: false; readonly problems: Partial<Record<SourceField, SourceProblem>> };

export async function addExternalSource(
  store: ExternalSourceStore,
  deployment: DeploymentKey,
  raw: { name?: unknown; url?: unknown; language?: unknown },
  by: { readonly userId: string; readonly allowHttp: boolean; readonly now: Date },
): Promise<AddResult> {
  const parsed = parseSourceInput(raw, by.allowHttp);
  if (!parsed.ok) return parsed;
  if ((await store.listSources(deployment)).length >= MAX_SOURCES_PER_DEPLOYMENT) return { ok: false, problems: { url: 'too-many' } };
  const source = await store.addSource({ deployment, ...parsed.input, addedBy: by.userId }, by.now);
  return source ? { ok: true, source } : { ok: false, problems: { url: 'duplicate' } };
}

export type RefreshNowResult = RefreshOutcome | { readonly kind: 'not-found' } | { readonly kind: 'busy' };

export async function refreshExternalSource(deployment: DeploymentKey, id: string, deps: RefreshDeps): Promise<RefreshNowResult> {
  const source = await deps.store.findSource(deployment, id);
  if (!source) return { kind: 'not-found' };
  const now = deps.now();
  const claimed = await deps.store.claimSource(source.id, now, new Date(now.getTime() + deps.settings.leaseMs), { evenIfNotDue: true });
  if (!claimed) return { kind: 'busy' };
  return refreshSource(source, deps);
}
