import type { SourceRecord } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { FeatureEngine } from '../../../scoring/features/rows/feature-engine.ts';
import { accountTimelineSql, contactTimelineSql } from '../../../scoring/features/sql/relations.ts';
import { DAY_MS } from '../../../scoring/features/time.ts';
import { account, batch, contact, event } from '../records.ts';

/**
 * A second system ("enrichment") matched to the demo's contacts by e-mail and accounts by domain,
 * adding what the demo generator lacks and discovery must judge: CRM properties that are good
 * features, identifiers, constants, sparse ones, fields that leak the outcome, and a custom event.
 *
 * contacts: lead_source (4 categories), web_score (a number), crm_uuid (unique hex id),
 *   secondary_email, region_code (constant), fax (3% of people), deal_stage ('closed_won' exactly
 *   for people who converted: a leak with an outcome-like name), tier ('gold' exactly for them: a
 *   leak with a plain name), signup_stage (random: an outcome-like name that measures clean);
 *   `task` events (a kind the built-in catalog does not read;
 *   topic onboarding/training/review) for half of the people.
 * accounts: region (3 categories), account_number (unique ACC-000123), churn_reason (only on
 *   churned accounts: a leak).
 */
export const ENRICHMENT = 'enrichment';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

export interface Enrichment {
  readonly convertedContacts: number;
  readonly churnedAccounts: number;
  readonly tasks: number;
}

export async function enrichDemoStore(
  store: SqliteCanonicalStore,
  fe: FeatureEngine,
  asOf: string,
): Promise<Enrichment> {
  const asOfMs = Date.parse(asOf);
  const rand = random(11);
  const converted = new Set(
    (
      await fe.engine.rows<{ contact_id: string }>(
        `SELECT contact_id FROM (${contactTimelineSql(fe.dialect, `(${accountTimelineSql(fe.dialect)})`)}) t
         WHERE converted_ms < ${asOfMs}`,
      )
    ).map((r) => r.contact_id),
  );
  const churned = new Set(
    (
      await fe.engine.rows<{ account_id: string }>(
        `SELECT account_id FROM sb_accounts WHERE churned_ms < ${asOfMs} OR status = 'churned'`,
      )
    ).map((r) => r.account_id),
  );
  const records: SourceRecord[] = [];
  let i = 0;
  let tasks = 0;
  for await (const page of store.iterateContacts()) {
    for (const c of page) {
      if (!c.email) continue;
      i++;
      const id = `p${i}`;
      records.push(
        contact(ENRICHMENT, id, {
          email: c.email,
          properties: {
            lead_source: pick(rand, ['web', 'referral', 'event', 'partner']),
            web_score: Math.round(rand() * 1000) / 10,
            crm_uuid: Array.from({ length: 4 }, () =>
              Math.floor(rand() * 2 ** 32)
                .toString(16)
                .padStart(8, '0'),
            ).join(''),
            secondary_email: `person${i}@mail.example`,
            region_code: 'EU',
            ...(i % 33 === 0 ? { fax: `+1 555 0100 ${String(i).padStart(3, '0')}` } : {}),
            deal_stage: converted.has(c.id) ? 'closed_won' : pick(rand, ['new', 'working', 'nurture']),
            tier: converted.has(c.id) ? 'gold' : pick(rand, ['silver', 'bronze']),
            signup_stage: pick(rand, ['trial', 'demo', 'webinar', 'direct']),
          },
        }),
      );
      if (i % 2 === 0) {
        const n = 3 + Math.floor(rand() * 10);
        for (let k = 0; k < n; k++) {
          tasks++;
          records.push(
            event(ENRICHMENT, `t${i}_${k}`, {
              type: 'task',
              occurredAt: new Date(asOfMs - (1 + rand() * 179) * DAY_MS).toISOString(),
              contact: { system: ENRICHMENT, objectType: 'contacts', externalId: id },
              properties: { topic: pick(rand, ['onboarding', 'onboarding', 'training', 'review']) },
            }),
          );
        }
      }
    }
  }
  let j = 0;
  for await (const page of store.iterateAccounts()) {
    for (const a of page) {
      if (!a.domain) continue;
      j++;
      records.unshift(
        account(ENRICHMENT, `a${j}`, {
          domain: a.domain,
          properties: {
            region: pick(rand, ['emea', 'amer', 'apac']),
            account_number: `ACC-${String(100000 + j)}`,
            ...(churned.has(a.id) ? { churn_reason: pick(rand, ['price', 'competitor', 'budget']) } : {}),
          },
        }),
      );
    }
  }
  await store.applyBatch(batch('enrichment', records));
  return { convertedContacts: converted.size, churnedAccounts: churned.size, tasks };
}
