import { dialectOf, type SqlDatabase, type SqlValue } from '../../../core/store/sql/sql-database.ts';
import { tableExists } from '../../../core/store/sql/table-exists.ts';
import type { ListParams } from './list-params.ts';
import { buildListQuery, type ListEntity, type ListModels, type ListQuery } from './list-query.ts';

/** One model's current score of a listed record. */
export interface ListedScore {
  readonly value: number;
  readonly tier: string;
  readonly amount: number | null;
  readonly action: string | null;
  readonly topReason: string | null;
}

export interface ListedEnrollment {
  readonly workflow: string;
  readonly state: string;
}

export interface ListedRecord {
  readonly id: string;
  /** Person or company name as people read it (never an id). */
  readonly name: string;
  /** E-mail (contacts) or web domain (accounts). */
  readonly detail: string | null;
  readonly ownerId: string | null;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly plan: string | null;
  readonly mrr: number | null;
  readonly currency: string | null;
  readonly status: string | null;
  readonly title: string | null;
  readonly lifecycleStage: string | null;
  readonly people: number | null;
  readonly lastActivity: string | null;
  readonly scores: ReadonlyMap<string, ListedScore>;
  /** The latest enrollment per workflow. */
  readonly enrollments: readonly ListedEnrollment[];
}

export interface ListPage {
  readonly query: ListQuery;
  readonly total: number;
  readonly records: readonly ListedRecord[];
}

type Row = Record<string, SqlValue>;

const str = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: SqlValue | undefined) => (v === null || v === undefined ? null : Number(v));

/** "Wei Kim", else the e-mail address, else "unnamed contact". */
/** "grace" -> "Grace": a name typed all in lower case reads as a typo; any other casing is kept. */
function capitalised(part: string): string {
  const trimmed = part.trim();
  return trimmed === trimmed.toLowerCase()
    ? trimmed.replace(/(^|[\s'-])(\p{Ll})/gu, (_, at: string, ch: string) => at + ch.toUpperCase())
    : trimmed;
}

export function personName(first: unknown, last: unknown, email: unknown): string {
  const name = [first, last]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map(capitalised)
    .join(' ');
  return name || (typeof email === 'string' && email !== '' ? email : 'unnamed contact');
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function baseRows(db: SqlDatabase, entity: ListEntity, ids: readonly string[]): Map<string, Row> {
  const sql =
    entity === 'account'
      ? `SELECT a.id, a.name, a.domain, a.owner_id, a.plan, a.mrr, a.currency, a.status,
           (SELECT COUNT(*) FROM identities ia JOIN contacts c ON c.account_key = ia.identity_key
             WHERE ia.entity_type = 'account' AND ia.entity_id = a.id AND c.deleted_at IS NULL AND c.merged_into IS NULL) AS people,
           (SELECT MAX(e.occurred_at) FROM identities ia JOIN events e ON e.account_key = ia.identity_key
             WHERE ia.entity_type = 'account' AND ia.entity_id = a.id) AS last_activity
         FROM accounts a WHERE a.id IN (${marks(ids.length)})`
      : `SELECT c.id, c.first_name, c.last_name, c.email, c.owner_id, c.title, c.lifecycle_stage,
           a.id AS account_id, a.name AS account_name,
           (SELECT MAX(e.occurred_at) FROM identities ic JOIN events e ON e.contact_key = ic.identity_key
             WHERE ic.entity_type = 'contact' AND ic.entity_id = c.id) AS last_activity
         FROM contacts c
         LEFT JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'
         LEFT JOIN accounts a ON a.id = ia.entity_id
         WHERE c.id IN (${marks(ids.length)})`;
  return new Map((db.prepare(sql).all(...ids) as Row[]).map((row) => [String(row.id), row]));
}

function scoresOf(
  db: SqlDatabase,
  entity: ListEntity,
  ids: readonly string[],
): Map<string, Map<string, ListedScore>> {
  const rows = db
    .prepare(
      `SELECT entity_id, model, value, tier, amount, action, json_extract(reasons, '$[0].text') AS top_reason
       FROM scores WHERE entity_type = ? AND entity_id IN (${marks(ids.length)})`,
    )
    .all(entity, ...ids) as Row[];
  const out = new Map<string, Map<string, ListedScore>>();
  for (const row of rows) {
    const id = String(row.entity_id);
    const byModel = out.get(id) ?? new Map<string, ListedScore>();
    byModel.set(String(row.model), {
      value: Number(row.value),
      tier: String(row.tier),
      amount: num(row.amount),
      action: str(row.action),
      topReason: str(row.top_reason),
    });
    out.set(id, byModel);
  }
  return out;
}

function enrollmentsOf(
  db: SqlDatabase,
  entity: ListEntity,
  ids: readonly string[],
): Map<string, ListedEnrollment[]> {
  const rows = db
    .prepare(
      `SELECT en.entity_id, en.workflow, en.state FROM enrollments en
       WHERE en.entity_type = ? AND en.entity_id IN (${marks(ids.length)})
         AND en.id = (SELECT MAX(id) FROM enrollments l WHERE l.entity_type = en.entity_type AND l.entity_id = en.entity_id AND l.workflow = en.workflow)
       ORDER BY en.workflow`,
    )
    .all(entity, ...ids) as Row[];
  const out = new Map<string, ListedEnrollment[]>();
  for (const row of rows) {
    const id = String(row.entity_id);
    out.set(id, [...(out.get(id) ?? []), { workflow: String(row.workflow), state: String(row.state) }]);
  }
  return out;
}

/** The records of one page with everything the list shows, in the page's order. */
export function recordsFor(db: SqlDatabase, entity: ListEntity, ids: readonly string[]): ListedRecord[] {
  if (ids.length === 0) return [];
  const base = baseRows(db, entity, ids);
  const scores = scoresOf(db, entity, ids);
  const enrollments = tableExists(db, 'enrollments') ? enrollmentsOf(db, entity, ids) : new Map();
  return ids.flatMap((id) => {
    const row = base.get(id);
    if (!row) return [];
    return [
      {
        id,
        name:
          entity === 'account'
            ? (str(row.name) ?? str(row.domain) ?? 'unnamed company')
            : personName(row.first_name, row.last_name, row.email),
        detail: entity === 'account' ? str(row.domain) : str(row.email),
        ownerId: str(row.owner_id),
        accountId: entity === 'account' ? id : str(row.account_id),
        accountName: entity === 'account' ? str(row.name) : str(row.account_name),
        plan: str(row.plan),
        mrr: num(row.mrr),
        currency: str(row.currency),
        status: str(row.status),
        title: str(row.title),
        lifecycleStage: str(row.lifecycle_stage),
        people: num(row.people),
        lastActivity: str(row.last_activity),
        scores: scores.get(id) ?? new Map(),
        enrollments: enrollments.get(id) ?? [],
      },
    ];
  });
}

/** One page of a list: the total matching, and the page's records. */
export function loadListPage(
  db: SqlDatabase,
  entity: ListEntity,
  models: ListModels,
  params: ListParams,
): ListPage {
  const query = buildListQuery(entity, models, params, dialectOf(db));
  const { total } = db
    .prepare(`SELECT COUNT(*) AS total FROM ${query.from} WHERE ${query.where}`)
    .get(...query.params) as { total: number };
  const offset = (params.page - 1) * params.per;
  const ids =
    // A search narrows the list to a few records first; sorting those beats walking the index.
    (params.q.trim() === '' ? scoreOrderedPage(db, entity, query, params.per, offset) : null) ??
    (
      db
        .prepare(
          `SELECT x.id AS id FROM ${query.from} WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`,
        )
        .all(...query.params, params.per, offset) as Row[]
    ).map((row) => String(row.id));
  return { query, total: Number(total), records: recordsFor(db, entity, ids) };
}

/**
 * A page sorted by a 0-100 score, read in the order of the scores index: the scored records first
 * (index order, so page 1 of 100,000 reads 50 index entries instead of sorting every record), then,
 * once a page runs past them, the unscored ones by id. The same order as the generic query's
 * "unscored last, score, id", without its sort. Null for other sorts.
 */
function scoreOrderedPage(
  db: SqlDatabase,
  entity: ListEntity,
  query: ListQuery,
  per: number,
  offset: number,
): string[] | null {
  if (!query.sort.key.startsWith('score:') || query.sort.sql !== 'sort_score.value') return null;
  const model = query.sort.key.slice('score:'.length);
  const table = entity === 'account' ? 'accounts' : 'contacts';
  const dir = query.dir === 'asc' ? 'ASC' : 'DESC';
  const scoredFrom = `scores sort_score JOIN ${table} x ON x.id = sort_score.entity_id
    WHERE sort_score.model = ? AND sort_score.entity_type = ? AND sort_score.value IS NOT NULL AND ${query.where}`;
  const scoredParams = [model, entity, ...query.whereParams];
  const scored = (
    db
      .prepare(
        `SELECT x.id AS id FROM ${scoredFrom} ORDER BY sort_score.value ${dir}, sort_score.entity_id ${dir} LIMIT ? OFFSET ?`,
      )
      .all(...scoredParams, per, offset) as Row[]
  ).map((row) => String(row.id));
  if (scored.length === per) return scored;
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM ${scoredFrom}`).get(...scoredParams) as { n: number };
  const unscored = (
    db
      .prepare(
        `SELECT x.id AS id FROM ${table} x WHERE ${query.where} AND NOT EXISTS (SELECT 1 FROM scores s
          WHERE s.model = ? AND s.entity_type = ? AND s.entity_id = x.id AND s.value IS NOT NULL)
         ORDER BY x.id ${dir} LIMIT ? OFFSET ?`,
      )
      .all(...query.whereParams, model, entity, per - scored.length, Math.max(0, offset - Number(n))) as Row[]
  ).map((row) => String(row.id));
  return [...scored, ...unscored];
}
