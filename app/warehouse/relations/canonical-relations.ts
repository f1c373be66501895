import { accountStatusSchema } from '../../../core/schema/account.ts';
import { dealStatusSchema } from '../../../core/schema/deal.ts';
import { leastKnown } from '../../../scoring/features/sql/relations.ts';
import {
  CANONICAL_COLUMNS,
  CANONICAL_NAMES,
  type CanonicalName,
  KIND_NAMES,
  SOURCE_COLUMNS,
} from './canonical-columns.ts';
import { eventNameSql, MAX_EVENT_NAME } from './event-name-sql.ts';
import type { RelationSql, SourceColumn, SqlType } from './relation-sql.ts';
import type { StreamPlan } from './stream-plans.ts';

/**
 * The canonical relations (scoring/features/sql/relations.ts) over the tables a warehouse
 * connector reads, as a graph of named SELECTs. Ids are computed the way the local store derives
 * them for a record first seen through this connector: `c_`/`a_` + the first 20 hex digits of
 * sha256("ref:<system>/<objectType>/<externalId>") (core/store/sqlite/hashing.ts), so scores
 * computed here join the ones computed locally. References resolve as the store resolves them
 * within one system: to the referenced record's entity, following one provider merge, and events
 * or deals that only carry an e-mail resolve to the first live contact with that (lower-cased,
 * trimmed) e-mail. There is no identity resolution across systems, nor merging of records of one
 * system that share an e-mail or domain: each record is its own entity.
 */

export {
  CANONICAL_COLUMNS,
  CANONICAL_DESCRIPTIONS,
  CANONICAL_NAMES,
  type CanonicalName,
  RELATION_KEYS,
} from './canonical-columns.ts';

/** One named SELECT of the graph; `sql` renders it with the names of what it reads. */
export interface RelationNode {
  readonly name: string;
  /** Canonical relations become dbt models; the rest are CTEs inside them. */
  readonly canonical: boolean;
  readonly deps: readonly string[];
  /** The stream it reads, if any (its FROM is rendered by `source`). */
  readonly stream: StreamPlan | null;
  sql(render: Renderer): string;
}

export interface Renderer {
  /** The name a SELECT uses for another node. */
  readonly ref: (name: string) => string;
  /** The relation a stream's SELECT reads. */
  readonly source: (stream: StreamPlan) => string;
}

/** Your own relations (inWarehouse.relations), as quoted table paths. */
export type ConfiguredRelations = Partial<Record<CanonicalName, string>>;

const PREFIX: Readonly<Record<'contact' | 'account', 'c' | 'a'>> = { contact: 'c', account: 'a' };

function entityId(sql: RelationSql, prefix: 'c' | 'a', system: string, objectType: string, idText: string) {
  return `${sql.literal(`${prefix}_`)} || SUBSTR(${sql.sha256Hex(`${sql.literal(`ref:${system}/${objectType}/`)} || ${idText}`)}, 1, 20)`;
}

/** One stream's rows with the columns its kind's source SELECT has (typed NULL when the field is absent). */
function streamSelect(sql: RelationSql, plan: StreamPlan): (render: Renderer) => string {
  const field = (name: string) => plan.fields.get(name) ?? null;
  const text = (name: string) => {
    const c = field(name);
    return c ? sql.text(c) : sql.nullOf('text');
  };
  const number = (name: string) => {
    const c = field(name);
    return c ? sql.number(c) : sql.nullOf('number');
  };
  const instant = (name: string) => {
    const c = field(name);
    return c ? sql.epochMs(c) : sql.nullOf('number');
  };
  const ref = (name: string, kind: 'contact' | 'account', objectType: string) => {
    const c = field(name);
    return c
      ? `CASE WHEN NULLIF(${sql.idText(c)}, '') IS NOT NULL THEN ${entityId(sql, PREFIX[kind], plan.system, objectType, sql.idText(c))} END`
      : sql.nullOf('text');
  };
  const email = (name: string) => {
    const c = field(name);
    return c ? `LOWER(${sql.text(c)})` : sql.nullOf('text');
  };
  const deleted = () => {
    const c = field('deleted');
    return c ? sql.flag(c) : 'FALSE';
  };
  const properties =
    plan.properties.length === 0
      ? sql.nullOf('text')
      : sql.jsonObject(plan.properties.map((p) => ({ key: p.key, value: sql.propertyValue(p.column) })));
  const idText = sql.idText(plan.id);
  const status = (c: SourceColumn | null) => {
    if (!c) return sql.nullOf('text');
    return plan.lowercaseStatus ? `LOWER(${sql.text(c)})` : sql.text(c);
  };
  const inList = (values: readonly string[]) => values.map((v) => sql.literal(v)).join(', ');
  const filters = [`${sql.column(plan.updatedAt)} IS NOT NULL`, `NULLIF(${idText}, '') IS NOT NULL`];
  let columns: string[];
  let dedupe = true;
  switch (plan.kind) {
    case 'account': {
      const accountStatus = status(field('status'));
      // A status outside the schema's values makes the connector reject the record.
      filters.push(
        `(${accountStatus} IS NULL OR ${accountStatus} IN (${inList(accountStatusSchema.options)}))`,
      );
      columns = [
        `${entityId(sql, 'a', plan.system, plan.objectType, idText)} AS account_id`,
        `${ref('mergedInto', 'account', plan.objectType)} AS merged_ref`,
        `${instant('createdAt')} AS created_ms`,
        `${sql.epochMs(plan.updatedAt)} AS updated_ms`,
        `${text('industry')} AS industry`,
        `${text('country')} AS country`,
        `${number('employees')} AS employees`,
        `${number('annualRevenue')} AS annual_revenue`,
        `${text('plan')} AS plan`,
        `${number('mrr')} AS mrr`,
        `${accountStatus} AS status`,
        `${instant('churnedAt')} AS churned_ms`,
        `${properties} AS properties`,
        `${deleted()} AS deleted`,
      ];
      break;
    }
    case 'contact':
      columns = [
        `${entityId(sql, 'c', plan.system, plan.objectType, idText)} AS contact_id`,
        `${ref('mergedInto', 'contact', plan.objectType)} AS merged_ref`,
        `${ref('account', 'account', plan.refObjectTypes.account)} AS account_ref`,
        `${email('email')} AS email_key`,
        `${instant('createdAt')} AS created_ms`,
        `${sql.epochMs(plan.updatedAt)} AS updated_ms`,
        `${text('role')} AS role`,
        `${text('title')} AS title`,
        `${text('country')} AS country`,
        `${text('city')} AS city`,
        `${text('lifecycleStage')} AS lifecycle_stage`,
        `${properties} AS properties`,
        `${deleted()} AS deleted`,
      ];
      break;
    case 'event': {
      const typeColumn = field('type');
      const raw = typeColumn ? sql.text(typeColumn) : sql.nullOf('text');
      const name = eventNameSql(sql, raw, plan.eventTypes);
      // Any name is kept, as the connectors keep it; only what the store refuses is left out.
      filters.push(`${name} IS NOT NULL AND LENGTH(${name}) <= ${MAX_EVENT_NAME}`);
      columns = [
        `${sql.eventKey(plan.updatedAt, idText)} AS event_id`,
        `${ref('contact', 'contact', plan.refObjectTypes.contact)} AS contact_ref`,
        `${ref('account', 'account', plan.refObjectTypes.account)} AS account_ref`,
        `${email('contactEmail')} AS email_key`,
        `${name} AS name`,
        `${sql.epochMs(plan.updatedAt)} AS at_ms`,
        `${number('value')} AS value`,
        `${properties} AS properties`,
        `${deleted()} AS deleted`,
      ];
      dedupe = false;
      break;
    }
    case 'deal': {
      const dealStatus = status(field('status'));
      filters.push(`${dealStatus} IN (${inList(dealStatusSchema.options)})`);
      columns = [
        `${idText} AS deal_id`,
        `${ref('contact', 'contact', plan.refObjectTypes.contact)} AS contact_ref`,
        `${ref('account', 'account', plan.refObjectTypes.account)} AS account_ref`,
        `${email('contactEmail')} AS email_key`,
        `${dealStatus} AS status`,
        `${number('amount')} AS amount`,
        `${instant('createdAt')} AS created_ms`,
        `${instant('closedAt')} AS closed_ms`,
        `${sql.epochMs(plan.updatedAt)} AS updated_ms`,
        `${deleted()} AS deleted`,
      ];
      break;
    }
  }
  // A re-read record replaces the stored one: the latest row of an id is the one the store keeps.
  const qualify = dedupe
    ? `\n  QUALIFY ROW_NUMBER() OVER (PARTITION BY ${idText} ORDER BY ${sql.column(plan.updatedAt)} DESC) = 1`
    : '';
  return (render) => `SELECT ${columns.join(',\n    ')}
  FROM ${render.source(plan)} AS src
  WHERE ${filters.join('\n    AND ')}${qualify}`;
}

function emptySelect(sql: RelationSql, columns: readonly (readonly [string, SqlType])[]): string {
  return `SELECT ${columns.map(([name, type]) => `${type === 'bool' ? 'FALSE' : sql.nullOf(type)} AS ${name}`).join(', ')}
  FROM (SELECT 1 AS one) AS nothing WHERE FALSE`;
}

/**
 * The graph of SELECTs defining sb_contacts, sb_accounts, sb_events and sb_deals, from the streams'
 * plans and the relations the config names instead. Nodes come in dependency order.
 */
export function canonicalRelationGraph(
  sql: RelationSql,
  plans: readonly StreamPlan[],
  configured: ConfiguredRelations,
): RelationNode[] {
  const nodes: RelationNode[] = [];
  const add = (node: RelationNode) => nodes.push(node);
  const node = (
    name: string,
    deps: readonly string[],
    body: (r: Renderer) => string,
    canonical = false,
    stream: StreamPlan | null = null,
  ) => add({ name, canonical, deps, stream, sql: body });

  // Raw rows per kind: one SELECT per stream, unioned.
  for (const kind of ['account', 'contact', 'event', 'deal'] as const) {
    const streams = plans.filter((plan) => plan.kind === kind);
    const union = `sb_src_${KIND_NAMES[kind]}`;
    const names = streams.map((_, i) => `${union}_${i}`);
    streams.forEach((plan, i) => {
      node(names[i]!, [], streamSelect(sql, plan), false, plan);
    });
    node(union, names, (r) =>
      names.length === 0
        ? emptySelect(sql, SOURCE_COLUMNS[kind])
        : names.map((name) => `SELECT * FROM ${r.ref(name)}`).join('\n  UNION ALL\n  '),
    );
  }

  const own = (name: CanonicalName) => configured[name];
  const fromConfigured = (name: CanonicalName) => () =>
    `SELECT ${CANONICAL_COLUMNS[name].map(([column]) => column).join(', ')} FROM ${own(name)!} AS rel`;

  // sb_accounts
  if (own('sb_accounts')) node('sb_accounts', [], fromConfigured('sb_accounts'), true);
  else
    node(
      'sb_accounts',
      ['sb_src_accounts'],
      (r) => `SELECT a.account_id, ${survivorTimes('a', 'm')}, a.industry, a.country, a.employees,
    a.annual_revenue, a.plan, a.mrr, a.status, a.churned_ms, a.properties,
    (NOT a.deleted AND a.merged_ref IS NULL) AS active
  FROM ${r.ref('sb_src_accounts')} a
  ${mergedInto(r.ref('sb_src_accounts'), 'm', 'a.account_id')}`,
      true,
    );
  // Reference -> entity: a record's own id, or the survivor of its provider merge.
  const ids = (kind: 'account' | 'contact') => {
    const canonical = kind === 'account' ? 'sb_accounts' : 'sb_contacts';
    const src = kind === 'account' ? 'sb_src_accounts' : 'sb_src_contacts';
    const id = `${kind}_id`;
    if (own(canonical))
      node(
        `sb_${kind}_ids`,
        [canonical],
        (r) => `SELECT ${id} AS ref_id, ${id} AS entity_id FROM ${r.ref(canonical)}`,
      );
    else
      node(
        `sb_${kind}_ids`,
        [src],
        (r) => `SELECT x.${id} AS ref_id, COALESCE(w.${id}, x.${id}) AS entity_id
  FROM ${r.ref(src)} x LEFT JOIN ${r.ref(src)} w ON w.${id} = x.merged_ref`,
      );
  };
  ids('account');
  if (own('sb_contacts')) node('sb_contacts', [], fromConfigured('sb_contacts'), true);
  else
    node(
      'sb_contacts',
      ['sb_src_contacts', 'sb_account_ids'],
      (r) => `SELECT c.contact_id, ai.entity_id AS account_id, ${survivorTimes('c', 'm')}, c.role, c.title,
    c.country, c.city, c.lifecycle_stage, c.properties, (NOT c.deleted AND c.merged_ref IS NULL) AS active
  FROM ${r.ref('sb_src_contacts')} c
  ${mergedInto(r.ref('sb_src_contacts'), 'm', 'c.contact_id')}
  LEFT JOIN ${r.ref('sb_account_ids')} ai ON ai.ref_id = c.account_ref`,
      true,
    );
  ids('contact');
  // E-mail -> the first live contact that had it (the store's identity key keeps its first owner).
  if (own('sb_contacts'))
    node('sb_contact_emails', [], () =>
      emptySelect(sql, [
        ['email_key', 'text'],
        ['contact_id', 'text'],
      ]),
    );
  else
    node(
      'sb_contact_emails',
      ['sb_src_contacts'],
      (r) => `SELECT email_key, contact_id FROM ${r.ref('sb_src_contacts')}
  WHERE email_key IS NOT NULL AND NOT deleted
  QUALIFY ROW_NUMBER() OVER (PARTITION BY email_key ORDER BY updated_ms, contact_id) = 1`,
    );
  const joins = (
    r: Renderer,
  ) => `LEFT JOIN ${r.ref('sb_contact_emails')} em ON x.contact_ref IS NULL AND em.email_key = x.email_key
  LEFT JOIN ${r.ref('sb_contact_ids')} ci ON ci.ref_id = COALESCE(x.contact_ref, em.contact_id)
  LEFT JOIN ${r.ref('sb_account_ids')} ai ON ai.ref_id = x.account_ref
  LEFT JOIN ${r.ref('sb_contacts')} c ON c.contact_id = ci.entity_id`;
  const subjectDeps = ['sb_contact_emails', 'sb_contact_ids', 'sb_account_ids', 'sb_contacts'];
  if (own('sb_events')) node('sb_events', [], fromConfigured('sb_events'), true);
  else
    node(
      'sb_events',
      ['sb_src_events', ...subjectDeps],
      (r) => `SELECT x.event_id, ci.entity_id AS contact_id,
    CASE WHEN x.account_ref IS NULL THEN c.account_id ELSE ai.entity_id END AS account_id,
    (ci.entity_id IS NOT NULL AND (c.account_id IS NULL OR x.account_ref IS NULL OR ai.entity_id = c.account_id)) AS in_contact,
    x.name, x.at_ms, x.value, x.properties
  FROM ${r.ref('sb_src_events')} x
  ${joins(r)}
  WHERE NOT x.deleted`,
      true,
    );
  if (own('sb_deals')) node('sb_deals', [], fromConfigured('sb_deals'), true);
  else
    node(
      'sb_deals',
      ['sb_src_deals', ...subjectDeps],
      (
        r,
      ) => `SELECT x.deal_id, COALESCE(ai.entity_id, c.account_id) AS account_id, ci.entity_id AS contact_id,
    x.status, x.amount, x.created_ms, x.closed_ms, x.updated_ms
  FROM ${r.ref('sb_src_deals')} x
  ${joins(r)}
  WHERE NOT x.deleted`,
      true,
    );
  return reachable(nodes);
}

/**
 * The records a provider merged into each entity: the store keeps them as versions of the survivor,
 * whose creation is the earliest of all and whose last update the latest (entity-specs.ts lifecycle).
 */
function mergedInto(src: string, alias: string, id: string): string {
  return `LEFT JOIN (SELECT merged_ref, MIN(created_ms) AS created_ms, MAX(updated_ms) AS updated_ms
    FROM ${src} WHERE merged_ref IS NOT NULL GROUP BY merged_ref) ${alias} ON ${alias}.merged_ref = ${id}`;
}

function survivorTimes(row: string, merged: string): string {
  return `${leastKnown([`${row}.created_ms`, `${merged}.created_ms`])} AS created_ms,
    GREATEST(${row}.updated_ms, COALESCE(${merged}.updated_ms, ${row}.updated_ms)) AS updated_ms`;
}

/** Nodes the four canonical relations need, in dependency order. */
function reachable(nodes: readonly RelationNode[]): RelationNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ordered: RelationNode[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const node = byName.get(name)!;
    for (const dep of node.deps) visit(dep);
    ordered.push(node);
  };
  for (const name of CANONICAL_NAMES) visit(name);
  return ordered;
}

/** The graph as CTEs of one statement (`name AS (...)`), streams read from their relations. */
export function relationCtes(nodes: readonly RelationNode[]): string[] {
  const render: Renderer = { ref: (name) => name, source: (stream) => stream.relation };
  return nodes.map((node) => `${node.name} AS (\n  ${node.sql(render)})`);
}

/**
 * One canonical relation as a standalone SELECT (a dbt model): the non-canonical nodes it needs as
 * CTEs, other canonical relations and the sources named by `render`.
 */
export function relationModel(nodes: readonly RelationNode[], name: CanonicalName, render: Renderer): string {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const needed: RelationNode[] = [];
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    const node = byName.get(current)!;
    for (const dep of node.deps) if (!byName.get(dep)!.canonical) visit(dep);
    if (current !== name) needed.push(node);
  };
  visit(name);
  const inner: Renderer = {
    ref: (other) => (byName.get(other)?.canonical ? render.ref(other) : other),
    source: render.source,
  };
  const body = byName.get(name)!.sql(inner);
  if (needed.length === 0) return body;
  return `WITH ${needed.map((node) => `${node.name} AS (\n  ${node.sql(inner)})`).join(',\n')}\n${body}`;
}
