import type { SqlDialect, SqlValue } from '../../../core/store/sql/sql-database.ts';
import type { ListParams } from './list-params.ts';
import type { ModelMeaning } from './model-meaning.ts';

export type ListEntity = 'account' | 'contact';

/** Fields a list can be narrowed to one value of ("segment"), per entity type, with their labels. */
export const SEGMENT_FIELDS: Readonly<Record<ListEntity, readonly { column: string; label: string }[]>> = {
  account: [
    { column: 'plan', label: 'Plan' },
    { column: 'industry', label: 'Industry' },
    { column: 'status', label: 'Customer status' },
    { column: 'country', label: 'Country' },
  ],
  contact: [
    { column: 'lifecycle_stage', label: 'Lifecycle stage' },
    { column: 'role', label: 'Buying role' },
    { column: 'country', label: 'Country' },
  ],
};

export interface SortOption {
  readonly key: string;
  readonly label: string;
  /** SQL over the list's aliases; ties are broken by id. */
  readonly sql: string;
  readonly defaultDir: 'asc' | 'desc';
  /** False when the expression is never NULL: the ORDER BY then matches an index on it. */
  readonly nullable?: boolean;
}

/** A list's models and which one the tier filter and default sort use. */
export interface ListModels {
  readonly all: readonly ModelMeaning[];
  readonly primary: ModelMeaning | undefined;
}

export function sortOptions(entity: ListEntity, models: ListModels): SortOption[] {
  const byScore = models.all
    .filter((m) => m.kind !== 'nba')
    .map((m) => ({
      key: `score:${m.name}`,
      label: m.displayName,
      // Unscored records go last whichever way the list is sorted.
      sql: m.kind === 'ltv' ? `COALESCE(sort_score.amount, sort_score.value)` : 'sort_score.value',
      defaultDir: 'desc' as const,
    }));
  const name =
    entity === 'account'
      ? { key: 'name', label: 'Name', sql: 'lower(x.name)', defaultDir: 'asc' as const }
      : {
          key: 'name',
          label: 'Name',
          sql: "lower(coalesce(x.first_name, '') || ' ' || coalesce(x.last_name, ''))",
          defaultDir: 'asc' as const,
          // The same expression as the contacts_full_name_search index, so a sort by name reads it.
          nullable: false,
        };
  const extra =
    entity === 'account'
      ? [{ key: 'mrr', label: 'MRR', sql: 'x.mrr', defaultDir: 'desc' as const }]
      : [{ key: 'company', label: 'Company', sql: 'lower(sort_account.name)', defaultDir: 'asc' as const }];
  return [...byScore, name, ...extra, { key: 'owner', label: 'Owner', sql: 'x.owner_id', defaultDir: 'asc' }];
}

/** "wei" -> ["wei", "wej"]: the range of strings starting with the prefix, for an index range scan. */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  const head = prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1));
  return [prefix, head + String.fromCodePoint(last + 1)];
}

/**
 * The search: it may start a full name, a last name, an e-mail address, a company name or a web
 * domain (a leading "@" is ignored, so "@acme.com" finds the company). Every branch is a range over
 * an index, so a search costs the same on 100,000 contacts as on 1,000.
 */
function searchCondition(
  entity: ListEntity,
  q: string,
  params: SqlValue[],
  dialect: SqlDialect,
): string | null {
  const text = q.toLowerCase().replace(/^@/, '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const [lo, hi] = prefixRange(text);
  // A prefix is a range only in code-point order: SQLite compares text that way; Postgres compares
  // in the database's collation (in Czech "ch" sorts after "h") unless told "C", and its search
  // indexes are built in "C" (migration 522).
  const collate = dialect === 'postgres' ? ' COLLATE "C"' : '';
  const range = (expr: string) => {
    params.push(lo, hi);
    return `(${expr}${collate} >= ? AND ${expr}${collate} < ?)`;
  };
  const contactIds =
    () => `SELECT id FROM contacts WHERE ${range("lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))")}
    UNION SELECT id FROM contacts WHERE ${range('lower(last_name)')}
    UNION SELECT id FROM contacts WHERE ${range('email_normalized')}`;
  const accountIds = () => `SELECT id FROM accounts WHERE ${range('lower(name)')}
    UNION SELECT id FROM accounts WHERE ${range('domain')}`;
  if (entity === 'contact') {
    // People also come up by their company's name or domain: one id list from index ranges, so
    // the list never evaluates a correlated lookup for every contact.
    return `x.id IN (${contactIds()}
    UNION SELECT c.id FROM identities ia JOIN contacts c ON c.account_key = ia.identity_key
      WHERE ia.entity_type = 'account' AND ia.entity_id IN (${accountIds()}))`;
  }
  const own = accountIds();
  // Accounts also come up by the name or e-mail address of one of their people.
  return `(x.id IN (${own}) OR x.id IN (SELECT ia.entity_id FROM contacts c JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'
    WHERE c.id IN (${contactIds()})))`;
}

export interface ListQuery {
  readonly from: string;
  readonly where: string;
  /** Parameters of `from` and of `where`, in that order (`params` is both). */
  readonly fromParams: SqlValue[];
  readonly whereParams: SqlValue[];
  readonly params: SqlValue[];
  readonly orderBy: string;
  readonly sort: SortOption;
  readonly dir: 'asc' | 'desc';
  /** The model the tier filter and the score sort read. */
  readonly model: ModelMeaning | undefined;
}

/** FROM, WHERE and ORDER BY of a list page, every value a parameter. */
export function buildListQuery(
  entity: ListEntity,
  models: ListModels,
  p: ListParams,
  dialect: SqlDialect = 'sqlite',
): ListQuery {
  const table = entity === 'account' ? 'accounts' : 'contacts';
  const sorts = sortOptions(entity, models);
  const sort = sorts.find((s) => s.key === p.sort) ?? sorts[0]!;
  const dir = p.dir ?? sort.defaultDir;
  const sortModel = sort.key.startsWith('score:')
    ? models.all.find((m) => `score:${m.name}` === sort.key)
    : undefined;
  const model = models.all.find((m) => m.name === p.model) ?? sortModel ?? models.primary;
  const params: SqlValue[] = [];
  const joins: string[] = [];
  const conditions = ['x.deleted_at IS NULL', 'x.merged_into IS NULL'];

  const search = searchCondition(entity, p.q, params, dialect);
  if (search) conditions.push(search);
  if (model && p.tier !== '') {
    params.push(entity, model.name, p.tier);
    conditions.push(
      `EXISTS (SELECT 1 FROM scores ft WHERE ft.entity_type = ? AND ft.entity_id = x.id AND ft.model = ? AND ${model.kind === 'nba' ? 'ft.action' : 'ft.tier'} = ?)`,
    );
  }
  if (p.owner === 'none') conditions.push('x.owner_id IS NULL');
  else if (p.owner !== '') {
    params.push(p.owner);
    conditions.push('x.owner_id = ?');
  }
  const colon = p.segment.indexOf(':');
  const segmentField = SEGMENT_FIELDS[entity].find((f) => f.column === p.segment.slice(0, colon));
  if (segmentField && colon > 0) {
    params.push(p.segment.slice(colon + 1));
    conditions.push(`x.${segmentField.column} = ?`);
  }
  if (p.workflow === 'none' || p.workflow === 'active') {
    params.push(entity);
    conditions.push(
      `${p.workflow === 'none' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM enrollments en WHERE en.entity_type = ? AND en.entity_id = x.id${p.workflow === 'active' ? " AND en.state = 'active'" : ''})`,
    );
  } else if (p.workflow.includes(':')) {
    const cut = p.workflow.lastIndexOf(':');
    params.push(entity, p.workflow.slice(0, cut), p.workflow.slice(cut + 1));
    conditions.push(
      'EXISTS (SELECT 1 FROM enrollments en WHERE en.entity_type = ? AND en.entity_id = x.id AND en.workflow = ? AND en.state = ?)',
    );
  }

  if (sortModel) {
    // Joined after the filters' parameters: parameters are positional.
    joins.push(
      'LEFT JOIN scores sort_score ON sort_score.entity_type = ? AND sort_score.entity_id = x.id AND sort_score.model = ?',
    );
  }
  if (sort.key === 'company')
    joins.push(
      "LEFT JOIN identities sort_ia ON sort_ia.identity_key = x.account_key AND sort_ia.entity_type = 'account' LEFT JOIN accounts sort_account ON sort_account.id = sort_ia.entity_id",
    );
  const joinParams: SqlValue[] = sortModel ? [entity, sortModel.name] : [];
  const direction = dir === 'asc' ? 'ASC' : 'DESC';
  return {
    from: `${table} x ${joins.join(' ')}`,
    where: conditions.join(' AND '),
    fromParams: joinParams,
    whereParams: params,
    params: [...joinParams, ...params],
    orderBy:
      sort.nullable === false
        ? `${sort.sql} ${direction}, x.id ${direction}`
        : `(${sort.sql}) IS NULL, ${sort.sql} ${direction}, x.id ${direction}`,
    sort,
    dir,
    model,
  };
}
