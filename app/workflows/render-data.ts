import type { Account, Contact } from '../../core/schema/index.ts';
import type { EmailConfig } from '../config/email.ts';
import type { UsageSummary } from './entity-facts.ts';

export interface CsmCard {
  readonly name: string;
  readonly email: string;
  readonly bookingUrl?: string;
}

export interface RenderInputs {
  readonly email: EmailConfig;
  readonly account: Account | null;
  readonly recipient: Pick<Contact, 'firstName'> | null;
  readonly usage: UsageSummary;
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

/**
 * The data every retention template is rendered with. Keep in step with
 * config/templates/<set>/sample-data.yaml: templates are checked against that file at load time.
 */
export function emailRenderData(inputs: RenderInputs) {
  const { content } = inputs.email;
  const hours = Math.round((inputs.usage.featureUses * content.minutesSavedPerFeatureUse) / 60);
  const teamName = inputs.email.from.name ?? `${content.company} Customer Success`;
  const csm = inputs.csm ?? {
    name: teamName,
    email: inputs.email.replyTo ?? inputs.email.from.address,
  };
  return {
    product: content.product,
    days_inactive: inputs.usage.daysInactive ?? inputs.usage.periodDays,
    customer: {
      first_name: inputs.recipient?.firstName ?? 'there',
      company: inputs.account?.name ?? 'your team',
      hours_saved: hours,
      money_saved: money(hours * content.hourlyRate, inputs.account?.currency ?? null),
      usage: {
        active_users: inputs.usage.activeUsers,
        reports_run: inputs.usage.featureUses,
        period: `last ${inputs.usage.periodDays} days`,
      },
    },
    csm: { name: csm.name, email: csm.email, booking_url: csm.bookingUrl ?? content.helpUrl },
    login_url: content.loginUrl,
    help_url: content.helpUrl,
    unsubscribe_url: inputs.unsubscribeUrl,
    sender: { company: content.company, postal_address: content.postalAddress },
  };
}
