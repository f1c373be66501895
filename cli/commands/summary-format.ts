import type { ModelSummary, RunSummary } from '../../app/summary/run-summary.ts';
import type { TopScored } from '../../app/summary/top-scored.ts';
import {
  actionWords,
  count,
  dateWords,
  driftLine,
  modelTitle,
  money,
  plural,
  qualityLines,
  tierWords,
} from './summary-words.ts';

/** What to run next, with the dashboard address; the caller knows where the config and data are. */
export interface NextSteps {
  readonly dashboardUrl: string;
  /** `-c FILE` when the config is not the default one. */
  readonly configFlag: string;
  /** Where the workflows wrote e-mails as files, when they do. */
  readonly emailDir?: string;
  /** Quickstart: how to go from the demo to your own data. */
  readonly ownData?: boolean;
}

const INDENT = '  ';
/** Lines stay within this many columns: a summary is read in a terminal or pasted into a ticket. */
const WIDTH = 100;

function wrap(text: string, width = WIDTH, indent = INDENT): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && `${line} ${word}`.length > width - indent.length) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

/** Each line of `text` wrapped to the width, its continuation lines as far in as the line itself. */
export function wrapLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = line.slice(0, line.length - line.trimStart().length);
      return line.trim() === '' ? line : wrap(line.trimStart(), WIDTH, indent).join('\n');
    })
    .join('\n');
}

/** One item wrapped to the width: its first line at `first`, the rest further in. */
function hanging(text: string, first: string, rest: string): string[] {
  const [head = '', ...tail] = wrap(text, WIDTH - first.length, '');
  const more = tail.length > 0 ? wrap(tail.join(' '), WIDTH, rest) : [];
  return [`${first}${head}`, ...more];
}

function dataSection(summary: RunSummary): string[] {
  const d = summary.data;
  const lines = [
    'Your data',
    ...wrap(
      `${plural(d.contacts, 'contact')} in ${plural(d.accounts, 'company', 'companies')}, with ${plural(d.events, 'activity event')} and ${plural(d.deals, 'deal')}, read from ${plural(d.streams, 'source file or stream', 'source files and streams')}.`,
    ),
  ];
  if (d.matchedByEmail + d.matchedByDomain > 0)
    lines.push(
      ...wrap(
        `${plural(d.matchedByEmail, 'record')} from a second source had the e-mail address of a contact already known${d.matchedByDomain > 0 ? ` (and ${count(d.matchedByDomain)} the web domain of a known company)` : ''}: each was joined to that contact, so nobody appears twice.`,
      ),
    );
  const merged = d.mergedByCrm.contacts + d.mergedByCrm.accounts;
  lines.push(
    ...wrap(
      merged === 0
        ? 'No records were merged by a CRM (a HubSpot merge or a Salesforce master record would show here).'
        : `${plural(d.mergedByCrm.contacts, 'contact')} and ${plural(d.mergedByCrm.accounts, 'company', 'companies')} were merged into another by a CRM; the merged ones are kept, pointing at the one that stayed.`,
    ),
  );
  if (d.quarantined.total === 0) lines.push(`${INDENT}Every row could be imported.`);
  else {
    lines.push(
      ...wrap(
        `${plural(d.quarantined.total, 'row')} could not be imported and ${d.quarantined.total === 1 ? 'was' : 'were'} set aside with the reason (quarantined); the rest was imported:`,
      ),
    );
    for (const example of d.quarantined.examples)
      lines.push(...hanging(example, `${INDENT}${INDENT}`, `${INDENT}${INDENT}${INDENT}`));
    if (d.quarantined.total > d.quarantined.examples.length)
      lines.push(
        `${INDENT}${INDENT}... and ${count(d.quarantined.total - d.quarantined.examples.length)} more: scorebridge status --quarantine`,
      );
  }
  return lines;
}

function scoreText(model: ModelSummary, entry: TopScored): string {
  return model.kind === 'churn' && entry.probability !== null
    ? `${Math.round(entry.probability * 100)}% risk of cancelling`
    : `score ${Math.round(entry.score)} of 100`;
}

/** Each entity on its own line with its score, and the reason that weighs most on the next. */
function topLines(model: ModelSummary): string[] {
  if (model.top.length === 0) return [];
  const heading =
    model.kind === 'lead'
      ? 'Hottest leads, with the reason that raises their score most:'
      : 'Riskiest accounts, with the reason that raises their risk most:';
  const lines = [`${INDENT}${heading}`];
  for (const [i, entry] of model.top.entries()) {
    const who = entry.detail && model.kind === 'lead' ? `${entry.name} (${entry.detail})` : entry.name;
    const number = `${INDENT}${INDENT}${i + 1}. `;
    const under = ' '.repeat(number.length);
    lines.push(...hanging(`${who}, ${scoreText(model, entry)}`, number, under));
    if (entry.reason) lines.push(...hanging(entry.reason, under, under));
  }
  return lines;
}

function modelSection(model: ModelSummary): string[] {
  const lines = [modelTitle(model)];
  if (model.version === null) {
    lines.push(`${INDENT}Not trained yet: run \`scorebridge train\`.`);
    return lines;
  }
  if (model.scored === 0) {
    lines.push(`${INDENT}Trained, but nothing scored yet: run \`scorebridge score\`.`);
    return lines;
  }
  if (model.kind === 'nba') {
    const actions = model.actions.map((a) => `${count(a.count)} ${actionWords(a.action)}`).join(', ');
    lines.push(...wrap(`For ${plural(model.scored, model.entity)}: ${actions}.`));
    return lines;
  }
  lines.push(...wrap(`${tierWords(model)}.`));
  if (model.kind === 'ltv' && model.expectedRevenue !== null)
    lines.push(
      ...wrap(
        `Expected revenue from the ${plural(model.scored, 'account')} scored: ${money(model.expectedRevenue)} in total.`,
      ),
    );
  lines.push(...topLines(model));
  if (model.quality) for (const line of qualityLines(model, model.quality)) lines.push(...wrap(line));
  if (model.drift) lines.push(...wrap(driftLine(model.drift)));
  return lines;
}

function workflowSection(summary: RunSummary, next: NextSteps): string[] {
  const w = summary.workflows;
  if (!w) return [];
  const kinds = Object.entries(w.deliveredByKind)
    .map(([kind, n]) => `${count(n)} ${KIND_WORDS[kind] ?? kind}`)
    .join(', ');
  const lines = [
    'Workflows (the plays in config/workflows/)',
    ...wrap(
      `This run looked at ${plural(w.considered, 'account or contact', 'accounts and contacts')} scored since the last run: ${count(w.enrolled)} enrolled in a play, ${count(w.notEnrolled)} not (\`scorebridge plan\` says why). ${plural(w.stepsRan, 'step')} ran, ${count(w.stepsWaiting)} wait for the customer's send window and ${count(w.completed)} enrollments completed.`,
    ),
  ];
  if (kinds)
    lines.push(
      ...wrap(
        `Delivered so far: ${kinds}${next.emailDir && (w.deliveredByKind.email ?? 0) > 0 ? ` (the e-mails are files in ${next.emailDir}/)` : ''}.`,
      ),
    );
  if (w.failed > 0)
    lines.push(
      ...wrap(
        `${plural(w.failed, 'delivery', 'deliveries')} failed: \`scorebridge workflows status\` lists them.`,
      ),
    );
  return lines;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  email: 'e-mails',
  task: 'tasks for account owners',
  crm_write: 'CRM field updates',
  webhook: 'webhook calls',
};

/** "churn_risk" -> "churn risk". */
const modelWords = (name: string) => name.replaceAll('_', ' ');

function tierCount(model: ModelSummary | undefined, tiers: readonly string[]): number {
  return (model?.tiers ?? []).filter((t) => tiers.includes(t.tier)).reduce((sum, t) => sum + t.count, 0);
}

/** What the scores ask of the team this week: who to call first, by name. */
function actionLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  const churn = summary.models.find((m) => m.kind === 'churn' && m.top.length > 0);
  const atRisk = tierCount(churn, ['high', 'medium']);
  if (churn && atRisk > 0)
    lines.push(
      `Talk to the ${plural(atRisk, 'account')} at high or medium risk of cancelling this week, starting with ${churn.top[0]!.name}; the dashboard lists them all with their reasons.`,
    );
  const lead = summary.models.find((m) => m.kind === 'lead' && m.top.length > 0);
  const ready = tierCount(lead, ['high', 'medium']);
  if (lead && ready > 0)
    lines.push(
      `Hand the ${plural(ready, 'hot or warm lead')} to sales, starting with ${lead.top[0]!.name}; the dashboard lists them all with their reasons.`,
    );
  const drifting = summary.models.filter((m) => m.drift?.status === 'alert');
  if (drifting.length > 0)
    lines.push(
      `Check the data before acting on ${drifting.map((m) => modelWords(m.name)).join(' and ')}: ${drifting.length === 1 ? 'its scores have' : 'their scores have'} shifted a lot since the model was trained. Retrain (scorebridge train) once the data looks right.`,
    );
  return lines.flatMap((line) => hanging(line, `${INDENT}- `, `${INDENT}  `));
}

function nextSection(summary: RunSummary, next: NextSteps): string[] {
  const c = next.configFlag;
  const lines = [
    'What to do next',
    ...actionLines(summary),
    `${INDENT}- Open the dashboard: npx scorebridge serve${c}, then ${next.dashboardUrl}`,
    `${INDENT}  (sign in with a key from: npx scorebridge keys create --name me --scope read${c})`,
    `${INDENT}- See who gets which e-mail or task next, and why: npx scorebridge plan${c}`,
    `${INDENT}- Model details with charts: npx scorebridge report${c} --html var/report.html`,
  ];
  if (next.ownData)
    lines.push(
      `${INDENT}- Use your own data: npx scorebridge init, edit config/scorebridge.yaml,`,
      `${INDENT}  npx scorebridge validate, then npx scorebridge run`,
    );
  else
    lines.push(
      `${INDENT}- Run this every day: npx scorebridge schedule${c} (cron times in schedules: in the config)`,
    );
  return lines;
}

/** The models' sections alone, in words: `score` prints them under its table. */
export function formatModelSections(models: readonly ModelSummary[]): string {
  return `${models.map((model) => modelSection(model).join('\n')).join('\n\n')}\n`;
}

/** The summary a marketer reads after `npm start` or `scorebridge run`: words, names, and what each number means. */
export function formatSummary(summary: RunSummary, next: NextSteps): string {
  const heading = summary.asOf ? `Summary, with scores as of ${dateWords(summary.asOf)}` : 'Summary';
  const sections = [
    [heading, '='.repeat(heading.length)],
    dataSection(summary),
    ...summary.models.map(modelSection),
    workflowSection(summary, next),
    nextSection(summary, next),
  ].filter((section) => section.length > 0);
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}
