import type { WellKnownEventType } from '../../core/schema/event.ts';
import type { ContactRole } from '../vocab/people.ts';
import type { PlanName, TicketSeverity } from '../vocab/product.ts';

/** The records the generator produces, before they become CSV rows. Instants are epoch ms (UTC). */

export type DemoAccountStatus = 'prospect' | 'trial' | 'active' | 'churned';
export type DemoLifecycleStage = 'lead' | 'mql' | 'sql' | 'customer';

export interface DemoAccount {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly industry: string;
  readonly employees: number;
  readonly annualRevenue: number;
  readonly plan: PlanName | null;
  readonly mrr: number | null;
  readonly currency: string;
  readonly country: string;
  readonly ownerId: string;
  readonly status: DemoAccountStatus;
  readonly churnedAtMs: number | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface DemoContact {
  readonly id: string;
  readonly accountId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly title: string;
  readonly role: ContactRole;
  readonly phone: string | null;
  readonly timezone: string;
  readonly country: string;
  readonly city: string;
  readonly lifecycleStage: DemoLifecycleStage;
  readonly ownerId: string;
  readonly emailOptIn: boolean;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** One activity. Event ids are assigned when written, in file order. */
export interface DemoEvent {
  readonly contactId: string;
  readonly accountId: string;
  readonly type: WellKnownEventType;
  readonly atMs: number;
  readonly value?: number;
  readonly feature?: string;
  readonly severity?: TicketSeverity;
  readonly page?: string;
  readonly campaign?: string;
  readonly plan?: string;
  readonly seats?: number;
}

export type DemoDealStatus = 'open' | 'won' | 'lost';

export interface DemoDeal {
  readonly id: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly name: string;
  readonly stage: string;
  readonly status: DemoDealStatus;
  readonly amount: number;
  readonly currency: string;
  readonly createdAtMs: number;
  readonly closedAtMs: number | null;
  readonly updatedAtMs: number;
  readonly ownerId: string;
}

/** Ground truth for model-quality checks: what really happened, and when. */
export interface TruthRow {
  readonly entityType: 'account' | 'contact';
  readonly entityId: string;
  readonly accountId: string;
  readonly outcome: 'churned' | 'converted';
  readonly atMs: number;
}

/** A person as the marketing-list system exports them (its own ids, its own spelling of e-mails). */
export interface MarketingContact {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  readonly title: string;
  readonly country: string;
  readonly emailOptIn: boolean;
  readonly lifecycleStage: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** Everything generated for one account; small enough to hold while the account is written. */
export interface AccountBundle {
  readonly account: DemoAccount;
  readonly contacts: readonly DemoContact[];
  readonly deals: readonly DemoDeal[];
  /** Sorted by time. */
  readonly events: readonly DemoEvent[];
  readonly truth: readonly TruthRow[];
  readonly marketing: readonly MarketingContact[];
}
