import { notFound } from '../errors.ts';
import type { Router } from '../http/router.ts';
import type { CrmState } from '../state/crm-state.ts';
import { ownerJson } from '../state/owners.ts';

export function ownerRoutes(router: Router, state: CrmState): void {
  router.add('GET', '/crm/v3/owners', (context) => {
    const email = context.query.get('email');
    const limit = Math.min(500, Number(context.query.get('limit') ?? 100));
    const after = Number(context.query.get('after') ?? 0);
    const all = state.owners
      .list(context.query.get('archived') === 'true')
      .filter((owner) => !email || owner.email === email);
    const page = all.slice(after, after + limit);
    const body: Record<string, unknown> = { results: page.map(ownerJson) };
    if (after + limit < all.length) body.paging = { next: { after: String(after + limit) } };
    return { status: 200, body };
  });
  router.add('GET', '/crm/v3/owners/:ownerId', (context) => {
    const owner = state.owners.get(context.params.ownerId!);
    if (!owner) throw notFound(`Owner ${context.params.ownerId} not found.`);
    return { status: 200, body: ownerJson(owner) };
  });
}
