import type { Account, Contact } from '../../core/schema/index.ts';
import type { EmailConfig } from '../config/email.ts';
import type { UsageSummary } from './entity-facts.ts';
import { EVENT_LOOKBACK_DAYS } from './entity-snapshot.ts';

export interface CsmCard {
  readonly name: string;
  readonly email: string;
  readonly bookingUrl?: string;
}

export interface RenderInputs {
  readonly email: EmailConfig;
  readonly account: Account | null;
  readonly recipient: Pick<Contact, 'firstName'> | null;
  /** The customer's numbers as of `asOf`: the instant the scores the email acts on describe. */
  readonly usage: UsageSummary;
  readonly asOf: Date;
  /** The account's assigned CSM; absent: the team mailbox signs. */
  readonly csm: CsmCard | undefined;
  readonly unsubscribeUrl: string;
}

function money(amount: number, currency: string | null): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency ?? 'USD',
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    // An unknown currency code in the CRM should not block the email: show the number with its code.
    return `${Math.round(amount).toLocaleString('en-US')} ${currency ?? ''}`.trim();
  }
}

function dateWords(at: Date): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/**
 * The last login in words, as of the scoring date: "today", "yesterday", "3 days ago"; and how
 * long it has been, for a sentence such as "nobody has logged in for 36 days".
 */
export function lastLoginWords(daysSince: number | null): { lastLogin: string; sinceLastLogin: string } {
  if (daysSince === null)
    return {
      lastLogin: `more than ${EVENT_LOOKBACK_DAYS} days ago`,
      sinceLastLogin: `more than ${EVENT_LOOKBACK_DAYS} days`,
    };
  const lastLogin = daysSince === 0 ? 'today' : daysSince === 1 ? 'yesterday' : `${days(daysSince)} ago`;
  return { lastLogin, sinceLastLogin: days(daysSince) };
}

/**
 * The data every retention template is rendered with. Every number is the customer's own, counted
 * up to `asOf`, never up to the moment the email is sent: the scores that chose the email describe
 * that instant, and the email must agree with them. Keep in step with
 * config/templates/<set>/sample-data.yaml: templates are checked against that file at load time.
 */
export function emailRenderData(inputs: RenderInputs) {
  const { content } = inputs.email;
  const { usage } = inputs;
  const hours = Math.round((usage.featureUses * content.minutesSavedPerFeatureUse) / 60);
  const teamName = inputs.email.from.name ?? `${content.company} Customer Success`;
  const csm = inputs.csm ?? {
    name: teamName,
    email: inputs.email.replyTo ?? inputs.email.from.address,
  };
  const login = lastLoginWords(usage.daysInactive);
  return {
    product: content.product,
    // Kept for templates written before `activity`: whole days since the last login (or the period).
    days_inactive: usage.daysInactive ?? usage.periodDays,
    activity: {
      as_of: dateWords(inputs.asOf),
      last_login: login.lastLogin,
      since_last_login: login.sinceLastLogin,
      days_since_last_login: usage.daysInactive,
      quiet: usage.daysInactive === null || usage.daysInactive >= content.quietAfterDays,
    },
    customer: {
      first_name: inputs.recipient?.firstName ?? 'there',
      company: inputs.account?.name ?? 'your team',
      hours_saved: hours,
      money_saved: money(hours * content.hourlyRate, inputs.account?.currency ?? null),
      usage: {
        active_users: usage.activeUsers,
        people: `${usage.activeUsers} ${usage.activeUsers === 1 ? 'person' : 'people'}`,
        reports_run: usage.featureUses,
        logins: usage.logins,
        period: `the ${usage.periodDays} days to ${dateWords(inputs.asOf)}`,
      },
    },
    offer: content.saveOffer ?? null,
    csm: { name: csm.name, email: csm.email, booking_url: csm.bookingUrl ?? content.helpUrl },
    login_url: content.loginUrl,
    help_url: content.helpUrl,
    unsubscribe_url: inputs.unsubscribeUrl,
    sender: { company: content.company, postal_address: content.postalAddress },
  };
}
