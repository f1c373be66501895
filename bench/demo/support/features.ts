import { DAY_MS } from '../../../demo/time.ts';
import { industries } from '../../../demo/vocab/companies.ts';
import type { DemoData } from './load-demo.ts';
import { typeCode } from './load-demo.ts';

/**
 * Hand-built features "as of" a cutoff T, computed only from what happened before T, and the
 * outcome in the 90 days after it: the set-up a scoring model faces in production.
 */

export interface LabelledRows {
  readonly names: readonly string[];
  readonly x: number[][];
  readonly y: number[];
  /** Account index per row, to split train/test by account. */
  readonly group: number[];
}

const HORIZON_MS = 90 * DAY_MS;
const code = (name: string) => typeCode.get(name) as number;
const LOGIN = code('login');
const FEATURE_USE = code('feature_use');
const TICKET = code('support_ticket');
const PURCHASE = code('purchase');
const SUBSCRIPTION = code('subscription_change');
const PAGE_VIEW = code('page_view');
const MEETING = code('meeting');
const CLICK = code('email_click');
const OPEN = code('email_open');
const REPLY = code('email_reply');
const FORM = code('form_submit');
const CALL = code('call');

function wonBy(data: DemoData, cutoffMs: number): Float64Array {
  const wonAt = new Float64Array(data.accounts.length).fill(Number.POSITIVE_INFINITY);
  for (const deal of data.deals) {
    if (deal.expansion || deal.status !== 'won' || deal.closedAtMs === null) continue;
    wonAt[deal.account] = Math.min(wonAt[deal.account] as number, deal.closedAtMs);
  }
  return wonAt.map((ms) => (ms <= cutoffMs ? ms : Number.POSITIVE_INFINITY));
}

export function churnRows(data: DemoData, cutoffMs: number): LabelledRows {
  const wonAt = wonBy(data, cutoffMs);
  const n = data.accounts.length;
  const acc = Array.from({ length: n }, () => ({
    l30: 0,
    lPrev: 0,
    active: new Set<number>(),
    features: new Set<number>(),
    tickets: 0,
    lastLogin: 0,
    plan: 0,
    mrr: 0,
    pricing: 0,
    opens: 0,
    meetings: 0,
  }));
  const e = data.events;
  for (let i = 0; i < e.count; i++) {
    const at = e.atMs[i] as number;
    if (at >= cutoffMs) continue;
    const a = acc[e.account[i] as number];
    if (!a) continue;
    const age = cutoffMs - at;
    const type = e.type[i];
    if (type === LOGIN) {
      if (age <= 30 * DAY_MS) {
        a.l30++;
        a.active.add(e.contact[i] as number);
      } else if (age <= 60 * DAY_MS) a.lPrev++;
      a.lastLogin = Math.max(a.lastLogin, at);
    } else if (type === FEATURE_USE && age <= 60 * DAY_MS) a.features.add(e.detail[i] as number);
    else if (type === TICKET && age <= 60 * DAY_MS) a.tickets += e.detail[i] as number;
    else if (type === PURCHASE || type === SUBSCRIPTION) {
      if (e.plan[i]) a.plan = e.plan[i] as number;
      if (type === PURCHASE) a.mrr = e.value[i] as number;
    } else if (type === PAGE_VIEW && e.detail[i] === 1 && age <= 30 * DAY_MS) a.pricing++;
    else if (type === OPEN && age <= 90 * DAY_MS) a.opens++;
    else if (type === MEETING && age <= 90 * DAY_MS) a.meetings++;
  }
  const seats = new Float64Array(n);
  for (const c of data.contacts)
    if (c.createdAtMs <= cutoffMs) seats[c.account] = (seats[c.account] as number) + 1;
  const names = [
    'login_trend',
    'log_logins_30d',
    'log_logins_prev_30d',
    'active_users_30d',
    'seat_utilisation',
    'single_active_user',
    'feature_breadth_60d',
    'log_ticket_load_60d',
    'days_since_login',
    'plan_starter',
    'plan_enterprise',
    'log_mrr',
    'log_tenure_days',
    'pricing_views_30d',
    'log_opens_90d',
    'meetings_90d',
  ];
  const rows: LabelledRows = { names, x: [], y: [], group: [] };
  data.accounts.forEach((account, i) => {
    const since = wonAt[i] as number;
    if (!Number.isFinite(since) || (account.churnedAtMs !== null && account.churnedAtMs <= cutoffMs)) return;
    const a = acc[i];
    if (!a) return;
    const util = a.active.size / Math.max(1, seats[i] as number);
    rows.x.push([
      Math.log((a.l30 + 1) / (a.lPrev + 1)),
      Math.log1p(a.l30),
      Math.log1p(a.lPrev),
      a.active.size,
      util,
      a.active.size === 1 ? 1 : 0,
      a.features.size,
      Math.log1p(a.tickets),
      Math.min(365, a.lastLogin ? (cutoffMs - a.lastLogin) / DAY_MS : 365),
      a.plan === 1 ? 1 : 0,
      a.plan === 3 ? 1 : 0,
      Math.log1p(a.mrr),
      Math.log1p((cutoffMs - since) / DAY_MS),
      a.pricing,
      Math.log1p(a.opens),
      a.meetings,
    ]);
    rows.y.push(account.churnedAtMs !== null && account.churnedAtMs <= cutoffMs + HORIZON_MS ? 1 : 0);
    rows.group.push(i);
  });
  return rows;
}

const roles = ['economic_buyer', 'champion', 'admin'];

export function conversionRows(data: DemoData, cutoffMs: number): LabelledRows {
  const wonAt = wonBy(data, cutoffMs);
  const activity = (n: number) => Array.from({ length: n }, () => new Float64Array(10));
  // slots: opens90, clicks90, clicks30, replies90, forms90, pricing90, views30, meetings90, calls90, logins30
  const perContact = activity(data.contacts.length);
  const perAccount = activity(data.accounts.length);
  const e = data.events;
  for (let i = 0; i < e.count; i++) {
    const at = e.atMs[i] as number;
    if (at >= cutoffMs || cutoffMs - at > 90 * DAY_MS) continue;
    const recent = cutoffMs - at <= 30 * DAY_MS;
    const type = e.type[i];
    const slots: number[] = [];
    if (type === OPEN) slots.push(0);
    else if (type === CLICK) slots.push(1, ...(recent ? [2] : []));
    else if (type === REPLY) slots.push(3);
    else if (type === FORM) slots.push(4);
    else if (type === PAGE_VIEW) slots.push(...(e.detail[i] === 1 ? [5] : []), ...(recent ? [6] : []));
    else if (type === MEETING) slots.push(7);
    else if (type === CALL) slots.push(8);
    else if (type === LOGIN && recent) slots.push(9);
    const contact = perContact[e.contact[i] as number];
    const account = perAccount[e.account[i] as number];
    for (const s of slots) {
      if (contact) contact[s] = (contact[s] as number) + 1;
      if (account) account[s] = (account[s] as number) + 1;
    }
  }
  const openDeal = new Uint8Array(data.accounts.length);
  for (const d of data.deals)
    if (!d.expansion && d.createdAtMs <= cutoffMs && (d.closedAtMs === null || d.closedAtMs > cutoffMs))
      openDeal[d.account] = 1;
  const slotNames = [
    'opens_90d',
    'clicks_90d',
    'clicks_30d',
    'replies_90d',
    'forms_90d',
    'pricing_90d',
    'views_30d',
    'meetings_90d',
    'calls_90d',
    'logins_30d',
  ];
  const industryNames = industries.map((i) => i.name);
  const names = [
    ...slotNames.map((s) => `contact_${s}`),
    ...slotNames.map((s) => `account_${s}`),
    ...roles.map((r) => `role_${r}`),
    'log_employees',
    'open_deal',
    'contact_age_days',
    ...industryNames.map((i) => `industry_${i}`),
  ];
  const rows: LabelledRows = { names, x: [], y: [], group: [] };
  data.contacts.forEach((contact, i) => {
    const account = data.accounts[contact.account];
    if (!account || contact.createdAtMs > cutoffMs || Number.isFinite(wonAt[contact.account] as number))
      return;
    const converted = data.contactConvertedAt.get(i);
    const own = Array.from(perContact[i] ?? [], Math.log1p);
    const all = Array.from(perAccount[contact.account] ?? [], Math.log1p);
    rows.x.push([
      ...own,
      ...all,
      ...roles.map((r) => (contact.role === r ? 1 : 0)),
      Math.log10(Math.max(1, account.employees)),
      openDeal[contact.account] as number,
      (cutoffMs - contact.createdAtMs) / DAY_MS,
      ...industryNames.map((n) => (account.industry === n ? 1 : 0)),
    ]);
    rows.y.push(
      converted !== undefined && converted > cutoffMs && converted <= cutoffMs + HORIZON_MS ? 1 : 0,
    );
    rows.group.push(contact.account);
  });
  return rows;
}
