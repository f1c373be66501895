import type { DashboardContext } from './context.ts';
import type { ListFacets } from './facets.ts';
import { formatCount, formatDate, formatMoney, relativeDay } from './format.ts';
import { esc } from './layout.ts';
import type { ListedRecord, ListPage } from './list-data.ts';
import { type ListParams, listHref, PAGE_SIZES } from './list-params.ts';
import { type ListEntity, type ListModels, sortOptions } from './list-query.ts';
import type { ModelMeaning } from './model-meaning.ts';
import { enrollmentState, scoreCell, workflowName } from './ui.ts';

function option(value: string, label: string, selected: string): string {
  return `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
}

function select(name: string, label: string, options: string, title?: string): string {
  return `<label${title ? ` title="${esc(title)}"` : ''}>${esc(label)}<select name="${name}">${options}</select></label>`;
}

function tierOptions(model: ModelMeaning | undefined, selected: string): string {
  if (!model) return option('', 'any', selected);
  const choices =
    model.kind === 'nba'
      ? model.actions.map((action) => option(action, model.actionLabel(action), selected))
      : [...model.tiers].reverse().map((tier) => option(tier, model.tierLabel(tier), selected));
  return option('', 'any', selected) + choices.join('');
}

function filterForm(
  ctx: DashboardContext,
  entity: ListEntity,
  models: ListModels,
  page: ListPage,
  params: ListParams,
  facets: ListFacets,
  action: string,
): string {
  const model = page.query.model;
  const models_ = models.all.map((m) => option(m.name, m.displayName, model?.name ?? '')).join('');
  const owners =
    option('', 'anyone', params.owner) +
    option('none', 'no owner', params.owner) +
    facets.owners
      .map((o) => option(o.value, `${ctx.owners.label(o.value)} (${formatCount(o.count)})`, params.owner))
      .join('');
  const segments =
    option('', 'all', params.segment) +
    facets.segments
      .map(
        (field) =>
          `<optgroup label="${esc(field.label)}">${field.values.map((v) => option(`${field.column}:${v.value}`, `${v.value} (${formatCount(v.count)})`, params.segment)).join('')}</optgroup>`,
      )
      .join('');
  const names = [...new Set(facets.workflows.map((w) => w.workflow))];
  const workflows =
    option('', 'any', params.workflow) +
    option('active', 'in a workflow now', params.workflow) +
    option('none', 'never enrolled', params.workflow) +
    names
      .map(
        (name) =>
          `<optgroup label="${esc(workflowName(name))}">${facets.workflows
            .filter((w) => w.workflow === name)
            .map((w) =>
              option(
                `${w.workflow}:${w.state}`,
                `${{ active: 'in progress', completed: 'completed', exited: 'left early' }[w.state] ?? w.state} (${formatCount(w.count)})`,
                params.workflow,
              ),
            )
            .join('')}</optgroup>`,
      )
      .join('');
  const sorts = sortOptions(entity, models)
    .map((s) => option(s.key, s.label, page.query.sort.key))
    .join('');
  const searchHint =
    entity === 'account'
      ? 'Company, domain, or a person’s name or e-mail'
      : 'Name, e-mail, company or domain';
  return `<form class="filters" method="get" action="${esc(action)}" role="search">
<label>Search<input type="search" name="q" value="${esc(params.q)}" placeholder="${esc(searchHint)}" aria-label="Search ${entity === 'account' ? 'accounts' : 'contacts'}"></label>
${select('model', 'Score', models_, 'Which score the tier filter reads')}
${select('tier', model?.kind === 'nba' ? 'Action' : 'Tier', tierOptions(model, params.tier))}
${select('owner', 'Owner', owners)}
${select('segment', 'Segment', segments)}
${select('workflow', 'Workflow', workflows)}
${select('sort', 'Sort by', sorts)}
${select('dir', 'Order', option('desc', 'highest first', page.query.dir) + option('asc', 'lowest first', page.query.dir))}
${select('per', 'Per page', PAGE_SIZES.map((n) => option(String(n), String(n), String(params.per))).join(''))}
<button class="primary" type="submit">Apply</button>
${params.q || params.tier || params.owner || params.segment || params.workflow ? `<a href="${esc(action)}">Clear filters</a>` : ''}
</form>`;
}

function pager(base: string, params: ListParams, total: number): string {
  const pages = Math.max(1, Math.ceil(total / params.per));
  if (pages === 1) return '';
  const current = Math.min(params.page, pages);
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const parts: string[] = [];
  if (current > 1)
    parts.push(`<a href="${esc(listHref(base, params, { page: current - 1 }))}" rel="prev">Previous</a>`);
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) parts.push('<span class="gap">…</span>');
    parts.push(
      n === current
        ? `<span class="current" aria-current="page">${formatCount(n)}</span>`
        : `<a href="${esc(listHref(base, params, { page: n }))}">${formatCount(n)}</a>`,
    );
  });
  if (current < pages)
    parts.push(`<a href="${esc(listHref(base, params, { page: current + 1 }))}" rel="next">Next</a>`);
  return `<nav class="pager" aria-label="Pages">${parts.join('')}</nav>`;
}

function workflowCell(record: ListedRecord): string {
  if (record.enrollments.length === 0) return '<span class="muted">not enrolled</span>';
  return record.enrollments
    .map((e) => `${esc(workflowName(e.workflow))} ${enrollmentState(e.state)}`)
    .join('<br>');
}

function row(
  ctx: DashboardContext,
  entity: ListEntity,
  base: string,
  models: ListModels,
  record: ListedRecord,
  now: Date,
): string {
  const href = `${base}/${entity === 'account' ? 'accounts' : 'contacts'}/${encodeURIComponent(record.id)}`;
  const name = `<a href="${esc(href)}" data-record="${esc(record.id)}">${esc(record.name)}</a>${record.detail ? `<span class="sub">${esc(record.detail)}</span>` : ''}`;
  const scores = models.all
    .map((m) => `<td>${scoreCell(m, record.scores.get(m.name), record.currency)}</td>`)
    .join('');
  const activity = record.lastActivity
    ? `${esc(relativeDay(record.lastActivity, now))}<span class="sub">${esc(formatDate(record.lastActivity))}</span>`
    : '<span class="muted">none</span>';
  const owner = esc(ctx.owners.label(record.ownerId));
  if (entity === 'account') {
    const plan = record.plan
      ? `${esc(record.plan)}${record.mrr ? `<span class="sub">${esc(formatMoney(record.mrr, record.currency ?? 'USD'))}/month</span>` : ''}`
      : `<span class="muted">${esc(record.status ?? 'no plan')}</span>`;
    return `<tr><td>${name}</td><td>${plan}</td>${scores}<td class="num">${formatCount(record.people)}</td><td>${owner}</td><td>${workflowCell(record)}</td><td>${activity}</td></tr>`;
  }
  const company =
    record.accountId && record.accountName
      ? `<a href="${esc(`${base}/accounts/${encodeURIComponent(record.accountId)}`)}">${esc(record.accountName)}</a>`
      : '<span class="muted">no company</span>';
  return `<tr><td>${name}${record.title ? `<span class="sub">${esc(record.title)}</span>` : ''}</td><td>${company}</td>${scores}<td>${owner}</td><td>${workflowCell(record)}</td><td>${activity}</td></tr>`;
}

/** A list page: search and filters, the table, pages, and the CSV export of the same selection. */
export function listBody(
  ctx: DashboardContext,
  entity: ListEntity,
  base: string,
  params: ListParams,
  page: ListPage,
  now: Date,
): string {
  const models = ctx.modelsFor(entity);
  const action = `${base}/${entity === 'account' ? 'accounts' : 'contacts'}`;
  const facets = ctx.facets.get(entity);
  const noun = entity === 'account' ? ['account', 'accounts'] : ['contact', 'contacts'];
  const from = page.total === 0 ? 0 : (params.page - 1) * params.per + 1;
  const to = Math.min(page.total, params.page * params.per);
  const exportHref = listHref(`${action}.csv`, params, { page: 1 });
  const head = entity === 'account' ? ['Account', 'Plan'] : ['Contact', 'Company'];
  const tail =
    entity === 'account'
      ? ['People', 'Owner', 'Workflow', 'Last activity']
      : ['Owner', 'Workflow', 'Last activity'];
  const headers = [...head, ...models.all.map((m) => m.displayName), ...tail]
    .map((h) => `<th${h === 'People' ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  const rows = page.records.map((r) => row(ctx, entity, base, models, r, now)).join('\n');
  const explanation = models.all.map((m) => `<b>${esc(m.displayName)}</b>: ${esc(m.explanation)}`).join(' ');
  const table =
    page.records.length === 0
      ? `<p class="empty">No ${noun[1]} match${params.q ? ` “${esc(params.q)}”` : ''}${params.tier || params.owner || params.segment || params.workflow ? ' with these filters' : ''}.</p>`
      : `<table class="records" data-list="${entity}"><thead><tr>${headers}</tr></thead><tbody>${rows}</tbody></table>`;
  return `${filterForm(ctx, entity, models, page, params, facets, action)}
<p class="help">${explanation}</p>
<div class="toolbar"><span data-total="${page.total}">${page.total === 0 ? `No ${noun[1]}` : `${formatCount(from)}–${formatCount(to)} of ${formatCount(page.total)} ${page.total === 1 ? noun[0] : noun[1]}`}</span>
<span><a class="button secondary" href="${esc(exportHref)}" download>Export ${formatCount(page.total)} as CSV</a></span></div>
<div class="card wide">${table}</div>
<div class="toolbar">${pager(action, params, page.total)}</div>`;
}
