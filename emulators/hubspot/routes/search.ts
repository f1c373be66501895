import { bodyObject, objectTypeParam, type Router } from '../http/router.ts';
import { runSearch, type SearchLimits } from '../search/search.ts';
import type { CrmState } from '../state/crm-state.ts';

export function searchRoutes(router: Router, state: CrmState, limits: SearchLimits): void {
  router.add(
    'POST',
    '/crm/v3/objects/:objectType/search',
    (context) => ({
      status: 200,
      body: runSearch(state, objectTypeParam(context), bodyObject(context), limits),
    }),
    { search: true },
  );
}
