import { once } from 'node:events';
import type { Response } from 'express';
import { dialectOf, type SqlValue } from '../../../core/store/sql/sql-database.ts';
import { stringList } from '../../../core/store/sql/string-list.ts';
import type { DashboardContext } from './context.ts';
import { csvLine } from './csv.ts';
import { personName } from './list-data.ts';
import type { ListParams } from './list-params.ts';
import { buildListQuery, type ListEntity } from './list-query.ts';
import { workflowName } from './ui.ts';

type Row = Record<string, SqlValue>;
const text = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));
const number = (v: SqlValue | undefined) => (v === null || v === undefined ? null : Number(v));

const STATE_WORDS: Readonly<Record<string, string>> = {
  active: 'in progress',
  completed: 'completed',
  exited: 'left early',
};

/** Rows written between checks for backpressure; the response is never allowed to buffer the whole list. */
const CHUNK = 500;

/**
 * Streams the list's whole selection (same search, filters and order as the page) as CSV: one SQL
 * statement iterated row by row, written as the client reads, so a 100,000-row export holds a few
 * hundred rows in memory at a time.
 */
export async function streamListCsv(
  ctx: DashboardContext,
  entity: ListEntity,
  params: ListParams,
  res: Response,
): Promise<void> {
  const models = ctx.modelsFor(entity);
  const query = buildListQuery(entity, models, params, dialectOf(ctx.deps.store.database));
  const scoreJoins = models.all.map(
    (_, i) =>
      `LEFT JOIN scores s${i} ON s${i}.entity_type = '${entity}' AND s${i}.entity_id = x.id AND s${i}.model = ?`,
  );
  const scoreColumns = models.all.map(
    (_, i) =>
      `s${i}.value AS s${i}_value, s${i}.tier AS s${i}_tier, s${i}.amount AS s${i}_amount, s${i}.action AS s${i}_action, json_extract(s${i}.reasons, '$[0].text') AS s${i}_reason`,
  );
  const workflows = `(SELECT ${stringList(ctx.deps.store.database, "en.workflow || ':' || en.state", '|')} FROM enrollments en
     WHERE en.entity_type = '${entity}' AND en.entity_id = x.id
       AND en.id = (SELECT MAX(l.id) FROM enrollments l WHERE l.entity_type = en.entity_type AND l.entity_id = en.entity_id AND l.workflow = en.workflow)) AS workflows`;
  const own =
    entity === 'account'
      ? 'x.name, x.domain, x.plan, x.mrr, x.currency, x.status, x.industry, x.country, x.owner_id'
      : 'x.first_name, x.last_name, x.email, x.title, x.lifecycle_stage, x.country, x.owner_id, ex_a.name AS account_name, ex_a.domain AS account_domain';
  const accountJoin =
    entity === 'contact'
      ? "LEFT JOIN identities ex_ia ON ex_ia.identity_key = x.account_key AND ex_ia.entity_type = 'account' LEFT JOIN accounts ex_a ON ex_a.id = ex_ia.entity_id"
      : '';
  const sql = `SELECT ${[own, ...scoreColumns, workflows].join(', ')}
    FROM ${query.from} ${accountJoin} ${scoreJoins.join(' ')}
    WHERE ${query.where} ORDER BY ${query.orderBy}`;
  const statement = ctx.deps.store.database.prepare(sql);

  const headers =
    entity === 'account'
      ? ['Account', 'Domain', 'Plan', 'MRR', 'Currency', 'Customer status', 'Industry', 'Country', 'Owner']
      : ['Name', 'E-mail', 'Company', 'Company domain', 'Title', 'Lifecycle stage', 'Country', 'Owner'];
  for (const m of models.all) {
    if (m.kind === 'nba') headers.push(m.displayName);
    else if (m.kind === 'ltv') headers.push(`${m.displayName} (amount)`, `${m.displayName} tier`);
    else headers.push(`${m.displayName} (0-100)`, `${m.displayName} tier`, `${m.displayName}: top reason`);
  }
  headers.push('Workflows');

  const day = ctx.asOf().slice(0, 10);
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${entity === 'account' ? 'accounts' : 'contacts'}-${day}.csv"`,
    'Cache-Control': 'no-store',
  });
  // The byte order mark makes Excel read the file as UTF-8 (names with accents stay intact).
  res.write(`\uFEFF${csvLine(headers)}`);
  let pending = '';
  let count = 0;
  for (const row of statement.iterate(
    ...query.fromParams,
    ...models.all.map((m) => m.name),
    ...query.whereParams,
  ) as Iterable<Row>) {
    const cells: (string | number | null)[] =
      entity === 'account'
        ? [
            text(row.name),
            text(row.domain),
            text(row.plan),
            number(row.mrr),
            text(row.currency),
            text(row.status),
            text(row.industry),
            text(row.country),
            ctx.owners.label(text(row.owner_id)),
          ]
        : [
            personName(row.first_name, row.last_name, row.email),
            text(row.email),
            text(row.account_name),
            text(row.account_domain),
            text(row.title),
            text(row.lifecycle_stage),
            text(row.country),
            ctx.owners.label(text(row.owner_id)),
          ];
    models.all.forEach((m, i) => {
      const tier = text(row[`s${i}_tier`]);
      if (m.kind === 'nba') {
        const action = text(row[`s${i}_action`]);
        cells.push(action ? m.actionLabel(action) : null);
      } else if (m.kind === 'ltv') {
        cells.push(number(row[`s${i}_amount`]), tier ? m.tierLabel(tier) : null);
      } else {
        const value = number(row[`s${i}_value`]);
        cells.push(
          value === null ? null : Math.round(value),
          tier ? m.tierLabel(tier) : null,
          text(row[`s${i}_reason`]),
        );
      }
    });
    const enrolled = text(row.workflows);
    cells.push(
      enrolled
        ? enrolled
            .split('|')
            .map((part) => {
              const cut = part.lastIndexOf(':');
              return `${workflowName(part.slice(0, cut))}: ${STATE_WORDS[part.slice(cut + 1)] ?? part.slice(cut + 1)}`;
            })
            .join('; ')
        : null,
    );
    pending += csvLine(cells);
    count += 1;
    if (count % CHUNK === 0) {
      // A client that went away never drains: stop reading the store then.
      if (!res.write(pending)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      pending = '';
      if (res.destroyed || res.writableEnded) return;
    }
  }
  res.end(pending);
}
