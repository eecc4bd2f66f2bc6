/** Training needs: trainings learners ask for that do not exist yet, ranked by support. */
import { IDEA_SORTS } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { PAGE_SIZE, type IdeaFormState, type ListQuery } from './consultation-page';
import { errorsOf } from './form-input';
import { ideaCard } from './idea-presenter';
import type { PanelState } from './panel-state';

export async function needsPage(deps: PanelDeps, state: PanelState, list: ListQuery, form?: IdeaFormState) {
  const store = deps.storage.consultations;
  const href = `${state.base}/needs`;
  const page = await store.listIdeas(state.course, { kind: 'need', sort: list.sort, cursor: list.cursor, limit: PAGE_SIZE, includeHidden: state.staff });
  const voted = await store.votesBy(state.course, state.me.id, page.items.map((i) => i.id));
  return {
    needs: {
      sorts: IDEA_SORTS.map((s) => ({ value: s, label: state.t(`cg.sort.${s}`), current: s === list.sort, href: `${href}?sort=${s}#needs` })),
      items: page.items.map((i) => ideaCard(i, state, voted.has(i.id))),
      nextHref: page.nextCursor ? `${href}?sort=${list.sort}&cursor=${encodeURIComponent(page.nextCursor)}#needs` : null,
    },
    needForm: { action: href, similarUrl: `${state.base}/similar`, values: form?.values ?? {}, problems: form?.problems ?? [], errors: errorsOf(form?.problems ?? []) },
  };
}
