import { describe, expect, it } from 'vitest';
import { listHref, listParamsSchema, parseListParams } from '../../../../app/server/dashboard/list-params.ts';
import { buildListQuery, prefixRange } from '../../../../app/server/dashboard/list-query.ts';
import { modelMeanings } from '../../../../app/server/dashboard/model-meaning.ts';
import { DEFAULT_MODEL_SPECS } from '../../../../scoring/models/model-specs.ts';

const meanings = modelMeanings(DEFAULT_MODEL_SPECS, ['low', 'medium', 'high']);
const accountModels = {
  all: [...meanings.values()].filter((m) => m.entity === 'account'),
  primary: meanings.get('churn_risk'),
};

describe('list queries', () => {
  it('turns a prefix into the range of strings that start with it', () => {
    expect(prefixRange('wei')).toEqual(['wei', 'wej']);
    expect(prefixRange('garcí')).toEqual(['garcí', 'garcî']);
    const [lo, hi] = prefixRange('acme.co');
    for (const s of ['acme.co', 'acme.com', 'acme.co.uk']) expect(s >= lo && s < hi).toBe(true);
    expect('acme.cp' < hi).toBe(false);
  });

  it('keeps every value a parameter, including hostile searches and filters', () => {
    const hostile = "x'); DROP TABLE accounts; --";
    const query = buildListQuery(
      'account',
      accountModels,
      listParamsSchema.parse({
        q: hostile,
        tier: hostile,
        owner: hostile,
        segment: `plan:${hostile}`,
        workflow: `${hostile}:active`,
      }),
    );
    const sql = `${query.from} ${query.where} ${query.orderBy}`;
    expect(sql).not.toContain('DROP');
    expect(query.params).toContain(hostile);
    expect(query.params).toContain(hostile.toLowerCase());
  });

  it('sorts by the chosen score (unscored last) and only by known columns', () => {
    const byLtv = buildListQuery(
      'account',
      accountModels,
      listParamsSchema.parse({ sort: 'score:lifetime_value' }),
    );
    expect(byLtv.orderBy).toMatch(
      /^\(COALESCE\(sort_score.amount, sort_score.value\)\) IS NULL, COALESCE\(sort_score.amount, sort_score.value\) DESC/,
    );
    expect(byLtv.fromParams).toEqual(['account', 'lifetime_value']);
    const unknown = buildListQuery(
      'account',
      accountModels,
      listParamsSchema.parse({ sort: 'name; DROP', dir: 'asc' }),
    );
    expect(unknown.sort.key).toBe('score:churn_risk');
    const segment = buildListQuery(
      'account',
      accountModels,
      listParamsSchema.parse({ segment: 'secret_column:1' }),
    );
    expect(segment.where).not.toContain('secret_column');
  });

  it('explains a bad parameter by name and builds links that keep the other filters', () => {
    expect(parseListParams({ per: '7' })).toEqual({
      error: 'The address has a bad "per" parameter: per must be 25, 50 or 100.',
    });
    expect(parseListParams({ q: ['a', 'b'] })).toEqual({
      error: 'The address has a bad "q" parameter: q must be given once, as text.',
    });
    const params = listParamsSchema.parse({ q: 'acme', tier: 'high', page: '3' });
    expect(listHref('/dashboard/accounts', params, { page: 4 })).toBe(
      '/dashboard/accounts?q=acme&tier=high&page=4',
    );
    expect(listHref('/dashboard/accounts', params, { sort: 'name' })).toBe(
      '/dashboard/accounts?q=acme&tier=high&sort=name',
    );
  });
});
