import type { Score } from '../../../core/schema/index.ts';
import { trendChart } from './charts.ts';
import type { DashboardContext } from './context.ts';
import {
  DAY_MS,
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatScore,
  relativeDay,
} from './format.ts';
import { esc } from './layout.ts';
import type { ModelMeaning } from './model-meaning.ts';
import { nbaReasonText } from './nba-reason.ts';
import { type RangeDays, rangePicker } from './ranges.ts';
import type { RecordView } from './record-data.ts';
import { exitReasonText } from './record-workflows.ts';
import { timelineEntries, timelineHtml } from './timeline.ts';
import { actionChip, enrollmentState, scoreCell, tierChip, workflowName } from './ui.ts';

const HISTORY_COLORS: Readonly<Record<string, string>> = {
  churn: '#dc2626',
  lead: '#2563eb',
  ltv: '#059669',
};

/** A reason's effect in the model's meaning: raising churn risk is bad news, raising a lead score good. */
function reasonItem(model: ModelMeaning, reason: Score['reasons'][number]): string {
  const points = Math.abs(reason.points);
  const raises = reason.direction === 'up';
  const good = model.meaning === 'risk' ? !raises : raises;
  // Lifetime value reasons state the forecast's inputs; they carry no points to speak of.
  const effect =
    model.kind === 'ltv'
      ? ''
      : ` <span class="muted small">(${raises ? 'raises' : 'lowers'} the score by ${points < 1 ? 'less than 1 point' : `${Math.round(points)} points`})</span>`;
  return `<li><span class="${good ? 'good' : 'bad'}">${raises ? '▲' : '▼'}</span> ${esc(reason.text)}${effect}</li>`;
}

function weekAgo(history: readonly Score[], model: string, asOf: string): Score | undefined {
  const cutoff = new Date(Date.parse(asOf) - 7 * DAY_MS).toISOString();
  return [...history].reverse().find((s) => s.model === model && s.computedAt <= cutoff);
}

/** Why a record has no score of this model: usually it is outside the people the model ranks. */
function notScored(view: RecordView, model: ModelMeaning): string {
  const customer =
    view.entity === 'contact'
      ? view.company?.status === 'active' || view.contact?.lifecycleStage?.toLowerCase() === 'customer'
      : view.account?.status === 'active';
  const outside = model.scope.startsWith('people who are not customers') ? customer : !customer;
  if (outside)
    return `Not scored: the ${model.displayName.toLowerCase()} covers ${model.scope}, and ${view.name} ${
      view.entity === 'contact'
        ? customer
          ? 'is at a customer'
          : 'is not a customer'
        : customer
          ? 'is a customer'
          : 'is not a paying customer'
    }.`;
  return 'Not scored in the latest run; the next scoring run includes it.';
}

function scoreCard(view: RecordView, model: ModelMeaning, score: Score | undefined): string {
  const head = `<h3>${esc(model.displayName)}</h3>`;
  if (!score)
    return `<section class="card scorecard" data-model="${esc(model.name)}">${head}<p class="empty">${esc(notScored(view, model))}</p><p class="help">${esc(model.explanation)}</p></section>`;
  const currency = view.account?.currency ?? 'USD';
  let big: string;
  if (model.kind === 'nba') big = `<div class="big-action">${actionChip(model, score.action ?? null)}</div>`;
  else if (model.kind === 'ltv' && score.amount !== null && score.amount !== undefined)
    big = `<div><span class="big">${esc(formatMoney(score.amount, currency))}</span> ${tierChip(model, score.tier)}</div>`;
  else
    big = `<div><span class="big">${esc(formatScore(score.value))}</span><span class="muted"> / 100</span> ${tierChip(model, score.tier)}</div>`;
  const before = model.kind === 'nba' ? undefined : weekAgo(view.history, model.name, view.asOf);
  const change = before
    ? (() => {
        if (model.kind === 'ltv' && score.amount != null && before.amount != null) {
          // Lifetime value moves in money, the way the card shows it.
          const moved = score.amount - before.amount;
          if (Math.abs(moved) < 1) return '<p class="small muted">Unchanged from a week ago.</p>';
          return `<p class="small"><span class="${moved > 0 ? 'good' : 'bad'}">${moved > 0 ? '+' : '−'}${esc(formatMoney(Math.abs(moved), currency))}</span> <span class="muted">since ${esc(formatDate(before.computedAt))} (was ${esc(formatMoney(before.amount, currency))}, ${esc(model.tierLabel(before.tier))})</span></p>`;
        }
        const delta = Math.round(score.value - before.value);
        if (delta === 0) return '<p class="small muted">Unchanged from a week ago.</p>';
        const good = model.meaning === 'risk' ? delta < 0 : delta > 0;
        return `<p class="small"><span class="${good ? 'good' : 'bad'}">${delta > 0 ? '+' : ''}${delta} points</span> <span class="muted">since ${esc(formatDate(before.computedAt))} (was ${esc(formatScore(before.value))}, ${esc(model.tierLabel(before.tier))})</span></p>`;
      })()
    : '';
  const reasons =
    score.reasons.length === 0
      ? ''
      : model.kind === 'nba'
        ? `<p>${esc(nbaReasonText(score.reasons[0]!.text))}</p>`
        : `<p class="small muted">Top reasons</p><ul class="reasons">${score.reasons
            .slice(0, 5)
            .map((r) => reasonItem(model, r))
            .join('')}</ul>`;
  return `<section class="card scorecard" data-model="${esc(model.name)}">${head}${big}${change}${reasons}<p class="help">${esc(model.explanation)} Scored ${esc(formatDate(score.computedAt))}.</p></section>`;
}

async function historyChart(
  view: RecordView,
  models: readonly ModelMeaning[],
  range: RangeDays,
): Promise<string> {
  const scored = models.filter((m) => m.kind !== 'nba' && view.history.some((s) => s.model === m.name));
  if (scored.length === 0) return '<p class="empty">No score history yet.</p>';
  // One point per model and day: the day's last score.
  const byDay = new Map<string, { day: string; series: string; value: number }>();
  for (const s of view.history) {
    const model = scored.find((m) => m.name === s.model);
    if (!model || s.computedAt < view.from) continue;
    byDay.set(`${s.model}/${s.computedAt.slice(0, 10)}`, {
      day: s.computedAt,
      series: model.displayName,
      value: Math.round(s.value),
    });
  }
  const points = [...byDay.values()];
  if (points.length === 0) return `<p class="empty">No scores in the last ${range} days.</p>`;
  return trendChart({
    title: `Score history, last ${range} days`,
    subtitle: 'One point per scoring day (0-100)',
    points,
    series: scored.map((m) => ({ name: m.displayName, color: HISTORY_COLORS[m.kind] ?? '#6366f1' })),
    from: view.from,
    to: view.asOf,
    yTitle: 'score',
    yFormat: 'd',
    yDomain: [0, 100],
    className: 'history-chart',
    width: 520,
    height: 200,
  });
}

function enrollmentsHtml(ctx: DashboardContext, view: RecordView): string {
  if (view.enrollments.length === 0) return '<p class="empty">Not enrolled in any workflow.</p>';
  const tierModelFor = (workflow: string) => ctx.models.get(view.tierModels.get(workflow) ?? '');
  return view.enrollments
    .map((e) => {
      const model = e.tier ? tierModelFor(e.workflow) : undefined;
      const tier = e.tier ? (model ? model.tierLabel(e.tier) : e.tier) : null;
      const status =
        e.state === 'exited'
          ? `Left early on ${esc(formatDate(e.steps.findLast((s) => s.at)?.at ?? e.enrolledAt))}: ${esc(exitReasonText(e.exitReason))}.`
          : e.state === 'completed'
            ? 'Completed every step.'
            : e.nextStepAt
              ? `Next step ${esc(relativeDay(e.nextStepAt, new Date(view.asOf)))} (${esc(formatDateTime(e.nextStepAt))}).`
              : 'In progress.';
      const steps = e.steps
        .filter((s) => s.state !== 'not for this tier')
        .map((s) => {
          const cls =
            s.state === 'done'
              ? 'done'
              : s.state === 'next' || s.state === 'postponed' || s.state === 'unknown'
                ? 'waiting'
                : 'skipped';
          const when = s.at ? ` <span class="muted small">${esc(formatDateTime(s.at))}</span>` : '';
          const note = s.note ? ` <span class="muted small">— ${esc(s.note)}</span>` : '';
          return `<li><span class="state ${cls}">${esc(s.state)}</span><span>${esc(s.description)}${when}${note}</span></li>`;
        })
        .join('');
      return `<section class="enrollment" data-workflow="${esc(e.workflow)}"><h3>${esc(workflowName(e.workflow))} ${enrollmentState(e.state)}</h3>
<p class="small">Enrolled ${esc(formatDate(e.enrolledAt))}${tier ? ` as ${esc(tier)}` : ''}. ${status}</p><ul class="steps">${steps}</ul></section>`;
    })
    .join('');
}

const OUTBOX_STATES: Readonly<Record<string, string>> = {
  pending: 'waiting to send',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed, will retry',
  unknown: 'outcome unknown',
  dead_letter: 'gave up',
};

function outboxHtml(view: RecordView): string {
  const emails = view.outbox.filter((o) => o.kind === 'email');
  const tasks = view.outbox.filter((o) => o.kind === 'task');
  const state = (s: string) =>
    `<span class="state ${s === 'sent' ? 'done' : s === 'failed' || s === 'dead_letter' ? 'failed' : 'waiting'}">${esc(OUTBOX_STATES[s] ?? s)}</span>`;
  const emailRows = emails
    .map((o) => {
      const template = typeof o.payload.template === 'string' ? o.payload.template : 'e-mail';
      const to = typeof o.payload.to === 'string' ? o.payload.to.toLowerCase() : '';
      return `<tr><td>${esc(formatDate(o.sentAt ?? o.createdAt))}</td><td>“${esc(template.replace(/[-_]+/g, ' '))}”</td><td>${esc(to)}</td><td>${esc(o.workflow ? workflowName(o.workflow) : '')}</td><td>${state(o.state)}</td></tr>`;
    })
    .join('');
  const taskRows = tasks
    .map((o) => {
      const subject = typeof o.payload.subject === 'string' ? o.payload.subject : 'task';
      const assignee = o.payload.assignTo === 'csm' ? 'customer success manager' : 'account owner';
      return `<tr><td>${esc(formatDate(o.createdAt))}</td><td>${esc(subject)}</td><td>${esc(assignee)}</td><td>${esc(String(o.payload.priority ?? ''))}</td><td>${state(o.state)}</td></tr>`;
    })
    .join('');
  return `<h3>E-mails sent</h3>${
    emails.length === 0
      ? '<p class="empty">No e-mails from workflows.</p>'
      : `<table data-table="emails"><thead><tr><th>Date</th><th>E-mail</th><th>To</th><th>Workflow</th><th>Status</th></tr></thead><tbody>${emailRows}</tbody></table>`
  }<h3>Tasks created</h3>${
    tasks.length === 0
      ? '<p class="empty">No CRM tasks from workflows.</p>'
      : `<table data-table="tasks"><thead><tr><th>Created</th><th>Task</th><th>For</th><th>Priority</th><th>Status</th></tr></thead><tbody>${taskRows}</tbody></table>`
  }`;
}

function factsHtml(ctx: DashboardContext, base: string, view: RecordView): string {
  const facts: [string, string][] = [];
  const a = view.account;
  const c = view.contact;
  if (a) {
    if (a.domain) facts.push(['Web domain', esc(a.domain)]);
    if (a.status) facts.push(['Customer status', esc(a.status)]);
    if (a.plan)
      facts.push([
        'Plan',
        `${esc(a.plan)}${a.mrr ? ` · ${esc(formatMoney(a.mrr, a.currency ?? 'USD'))} a month` : ''}`,
      ]);
    if (a.industry) facts.push(['Industry', esc(a.industry)]);
    if (a.employees) facts.push(['Employees', esc(formatCount(a.employees))]);
    if (a.country) facts.push(['Country', esc(a.country)]);
    facts.push(['Owner', esc(ctx.owners.label(a.ownerId))]);
    if (a.createdAt) facts.push(['In the CRM since', esc(formatDate(a.createdAt))]);
  }
  if (c) {
    if (c.email) facts.push(['E-mail', esc(c.email)]);
    if (c.title) facts.push(['Title', esc(c.title)]);
    if (view.company)
      facts.push([
        'Company',
        `<a href="${esc(`${base}/accounts/${encodeURIComponent(view.company.id)}`)}">${esc(view.company.name)}</a>`,
      ]);
    if (c.lifecycleStage) facts.push(['Lifecycle stage', esc(c.lifecycleStage)]);
    if (c.role) facts.push(['Buying role', esc(c.role)]);
    if (c.phone) facts.push(['Phone', esc(c.phone)]);
    if (c.city || c.country) facts.push(['Location', esc([c.city, c.country].filter(Boolean).join(', '))]);
    facts.push(['Owner', esc(ctx.owners.label(c.ownerId))]);
    facts.push([
      'Marketing e-mail',
      c.emailOptIn === true ? 'opted in' : c.emailOptIn === false ? 'opted out' : 'consent unknown',
    ]);
  }
  const links = ctx.links.links(view.sources);
  const systems = [...new Set(view.sources.map((s) => s.system))];
  facts.push([
    'In your systems',
    links.length > 0
      ? links
          .map((l) =>
            l.url
              ? `<a href="${esc(l.url)}" rel="noopener noreferrer" target="_blank">${esc(l.label)}</a>`
              : `${esc(l.label)} <span class="muted small">(${esc(l.note ?? '')})</span>`,
          )
          .join('<br>')
      : `${esc(systems.map((system) => ctx.links.sourceName(system)).join(', '))} <span class="muted small">(no CRM record to link)</span>`,
  ]);
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function peopleHtml(ctx: DashboardContext, base: string, view: RecordView): string {
  if (view.people.length === 0) return '<p class="empty">No people at this company.</p>';
  // A column nobody has a score in (lead score at a customer) would only repeat "not scored".
  const all = ctx.modelsFor('contact').all;
  const models = all.filter((m) => view.people.some((p) => p.scores.has(m.name)));
  const hidden = all.filter((m) => !models.includes(m));
  const rows = view.people
    .map(
      (p) =>
        `<tr><td><a href="${esc(`${base}/contacts/${encodeURIComponent(p.id)}`)}">${esc(p.name)}</a>${p.title ? `<span class="sub">${esc(p.title)}</span>` : ''}</td>${models.map((m) => `<td>${scoreCell(m, p.scores.get(m.name))}</td>`).join('')}<td>${p.lastActivity ? esc(relativeDay(p.lastActivity, new Date(view.asOf))) : '<span class="muted">none</span>'}</td></tr>`,
    )
    .join('');
  const more =
    view.peopleTotal > view.people.length
      ? `<p class="small muted">Showing ${view.people.length} of ${formatCount(view.peopleTotal)}: <a href="${esc(`${base}/contacts?q=${encodeURIComponent(view.account?.domain ?? view.name)}`)}">see them all</a>.</p>`
      : '';
  const note =
    hidden.length > 0
      ? `<p class="small muted">${esc(hidden.map((m) => m.displayName).join(' and '))} ${hidden.length > 1 ? 'cover' : 'covers'} ${esc(hidden[0]!.scope)}; nobody here is scored by ${hidden.length > 1 ? 'them' : 'it'}.</p>`
      : '';
  return `${note}<table data-table="people"><thead><tr><th>Person</th>${models.map((m) => `<th>${esc(m.displayName)}</th>`).join('')}<th>Last activity</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** An account or contact page: scores with reasons, history, timeline, workflows, e-mails and tasks. */
export async function recordBody(
  ctx: DashboardContext,
  base: string,
  path: string,
  view: RecordView,
  range: RangeDays,
): Promise<string> {
  const models = [...ctx.models.values()].filter((m) => m.entity === view.entity);
  const cards = models
    .map((m) =>
      scoreCard(
        view,
        m,
        view.scores.find((s) => s.model === m.name),
      ),
    )
    .join('');
  const nameOf = (contactId: string | null) =>
    (contactId && view.contactNames.get(contactId)) ??
    (view.entity === 'account' ? `Someone at ${view.name}` : view.name);
  const timeline = timelineHtml(timelineEntries(view.events, nameOf, range));
  const company = view.company
    ? `<h2>Company</h2><div class="card wide"><table><thead><tr><th>Company</th>${ctx
        .modelsFor('account')
        .all.map((m) => `<th>${esc(m.displayName)}</th>`)
        .join(
          '',
        )}</tr></thead><tbody><tr><td><a href="${esc(`${base}/accounts/${encodeURIComponent(view.company.id)}`)}">${esc(view.company.name)}</a></td>${ctx
        .modelsFor('account')
        .all.map((m) => {
          const score = view.company!.scores.get(m.name);
          // A prospect has no churn risk or lifetime value yet: say why instead of "not scored".
          if (!score && view.company!.status !== 'active' && m.scope.includes('customers'))
            return `<td><span class="muted">not a customer yet</span></td>`;
          return `<td>${scoreCell(m, score, view.company!.currency)}</td>`;
        })
        .join('')}</tr></tbody></table></div>`
    : '';
  return `<div class="grid2"><section class="card" data-section="facts"><h2>About</h2>${factsHtml(ctx, base, view)}</section>
<section class="card" data-section="history"><h2>Score history</h2><p>${rangePicker(path, range, '#history')}</p><div id="history">${await historyChart(view, models, range)}</div></section></div>
<h2>Current scores</h2><div class="scorecards" data-section="scores">${cards}</div>
${view.entity === 'account' ? `<h2>People (${formatCount(view.peopleTotal)})</h2><div class="card wide" data-section="people">${peopleHtml(ctx, base, view)}</div>` : company}
<div class="grid2"><section class="card" data-section="workflows"><h2>Workflows</h2>${enrollmentsHtml(ctx, view)}${outboxHtml(view)}</section>
<section class="card" data-section="timeline"><h2>Activity, last ${range} days</h2>${timeline}</section></div>`;
}
