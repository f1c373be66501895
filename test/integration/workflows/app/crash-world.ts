import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProductStore } from '../../../../app/store.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { account, batch, contact } from '../../../helpers/records.ts';
import { churnScores } from './harness.ts';

const TEMPLATES = fileURLToPath(new URL('../../../../config/templates', import.meta.url));

/** Any hour, any day: every step is due as soon as its day comes. */
export const ALWAYS_OPEN = `delivery:
  sendWindow: null
  sendDays: [mon, tue, wed, thu, fri, sat, sun]
`;

/** Three emails a day apart, no caps; `delivery` decides when each may go out. */
function workflowYaml(delivery: string): string {
  return `name: crash
templates: retention
entry:
  triggers: [{ on: tier_change, model: churn_risk, to: low }]
steps:
  - { action: send_email, template: day0-checkin, category: retention }
  - { action: send_email, template: day3-roi, category: retention, delay: { amount: 1, unit: days } }
  - { action: send_email, template: day7-optimization-session, category: retention, delay: { amount: 1, unit: days } }
${delivery}`;
}

export interface CrashWorldOptions {
  /** The workflow's `delivery:` block (send window, days); ALWAYS_OPEN by default. */
  readonly delivery?: string;
  /** Contact time zones, assigned round-robin. */
  readonly timeZones?: readonly string[];
}

export async function buildCrashWorld(
  dir: string,
  accounts: number,
  smtpPort: number,
  at: string,
  options: CrashWorldOptions = {},
) {
  const timeZones = options.timeZones ?? ['UTC'];
  mkdirSync(path.join(dir, 'workflows'), { recursive: true });
  writeFileSync(path.join(dir, 'workflows', 'crash.yaml'), workflowYaml(options.delivery ?? ALWAYS_OPEN));
  const configFile = path.join(dir, 'scorebridge.yaml');
  writeFileSync(
    configFile,
    `version: 1
store: { path: store.db }
workflows: { dir: workflows, templates: ${JSON.stringify(TEMPLATES)} }
email:
  from: { address: success@crash.example, name: Crash Test }
  transport: { type: smtp, host: 127.0.0.1, port: ${smtpPort}, requireTLS: false, maxConnections: 2 }
  unsubscribe: { url: "https://crash.example/v1/unsubscribe", secret: "\${CRASH_UNSUBSCRIBE_SECRET}" }
  content:
    product: Acme Analytics
    loginUrl: https://app.crash.example/login
    helpUrl: https://help.crash.example
    company: Crash Test Inc.
    postalAddress: "1 Test Street, Testville"
`,
  );
  const clock = new FixedClock(at);
  const store = await openProductStore(path.join(dir, 'store.db'), clock);
  const records = [];
  const ids: string[] = [];
  for (let i = 0; i < accounts; i += 1) {
    records.push(account('crm', `acc-${i}`, { name: `Customer ${i}`, status: 'active' }));
    records.push(
      contact('crm', `con-${i}`, {
        email: `owner${i}@customer${i}.example`,
        firstName: `Owner${i}`,
        role: 'champion',
        emailOptIn: true,
        timezone: timeZones[i % timeZones.length]!,
        account: { system: 'crm', objectType: 'accounts', externalId: `acc-${i}` },
      }),
    );
  }
  await store.applyBatch(batch('crm.records', records));
  for await (const page of store.iterateAccounts()) ids.push(...page.map((a) => a.id));
  await store.saveScores(churnScores(ids, at, () => 20));
  await store.close();
  return { configFile, storeFile: path.join(dir, 'store.db') };
}
