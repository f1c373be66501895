import {
  domainIdentityKey,
  type EmailNormalization,
  emailIdentityKey,
  normalizeDomain,
  normalizeEmail,
} from '../../identity/normalize.ts';
import type { SourceVersion } from '../../identity/survivorship.ts';
import { survive, surviveProperties } from '../../identity/survivorship.ts';
import type { SourceAccount, SourceContact } from '../../schema/index.ts';
import { sourceKey } from '../../schema/index.ts';
import { nullable, toDbBool } from './sql.ts';

/** How one entity type (contact or account) is identified, merged and written to its table. */
export interface EntitySpec<T extends SourceContact | SourceAccount> {
  readonly kind: T['kind'];
  readonly table: 'contacts' | 'accounts';
  readonly idPrefix: 'c' | 'a';
  readonly matchReason: 'email_match' | 'domain_match';
  /** The cross-system identity key (normalised e-mail or domain), or null when the record has none. */
  matchKey(record: T): string | null;
  /** Column values of the canonical row, from all the entity's source versions. */
  canonicalRow(
    versions: readonly SourceVersion<T>[],
    systemPriority: readonly string[],
  ): Record<string, string | number | null>;
}

const CONTACT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'title',
  'role',
  'phone',
  'timezone',
  'country',
  'city',
  'lifecycleStage',
  'ownerId',
  'account',
  'emailOptIn',
] as const satisfies readonly (keyof SourceContact)[];

const ACCOUNT_FIELDS = [
  'name',
  'domain',
  'industry',
  'employees',
  'annualRevenue',
  'plan',
  'mrr',
  'currency',
  'country',
  'ownerId',
  'status',
  'churnedAt',
] as const satisfies readonly (keyof SourceAccount)[];

/** Lifecycle columns every canonical row shares, derived from all of its source versions. */
function lifecycle<T extends SourceContact | SourceAccount>(versions: readonly SourceVersion<T>[]) {
  const created = versions.map((v) => v.data.createdAt).filter((c): c is string => Boolean(c));
  const updatedAt = versions.reduce((max, v) => (v.updatedAt > max ? v.updatedAt : max), '');
  // An entity is deleted only when every system that knew it deleted it.
  const allDeleted = versions.every((v) => v.deleted);
  return {
    created_at: created.sort()[0] ?? null,
    updated_at: updatedAt,
    deleted_at: allDeleted ? updatedAt : null,
    sources: JSON.stringify(
      versions.map((v) => v.data.ref).sort((a, b) => (sourceKey(a) < sourceKey(b) ? -1 : 1)),
    ),
  };
}

export function contactSpec(emailOptions: EmailNormalization): EntitySpec<SourceContact> {
  return {
    kind: 'contact',
    table: 'contacts',
    idPrefix: 'c',
    matchReason: 'email_match',
    matchKey(record) {
      const email = normalizeEmail(record.email, emailOptions);
      return email ? emailIdentityKey(email) : null;
    },
    canonicalRow(versions, systemPriority) {
      const pick = survive(versions, CONTACT_FIELDS, systemPriority);
      const properties = surviveProperties(versions, systemPriority);
      return {
        email: nullable(pick.email),
        email_normalized: normalizeEmail(pick.email, emailOptions),
        first_name: nullable(pick.firstName),
        last_name: nullable(pick.lastName),
        title: nullable(pick.title),
        role: nullable(pick.role),
        phone: nullable(pick.phone),
        timezone: nullable(pick.timezone),
        country: nullable(pick.country),
        city: nullable(pick.city),
        lifecycle_stage: nullable(pick.lifecycleStage),
        owner_id: nullable(pick.ownerId),
        account_key: pick.account ? sourceKey(pick.account) : null,
        email_opt_in: toDbBool(pick.emailOptIn),
        properties: JSON.stringify(properties),
        ...lifecycle(versions),
      };
    },
  };
}

export function accountSpec(): EntitySpec<SourceAccount> {
  return {
    kind: 'account',
    table: 'accounts',
    idPrefix: 'a',
    matchReason: 'domain_match',
    matchKey(record) {
      const domain = normalizeDomain(record.domain);
      return domain ? domainIdentityKey(domain) : null;
    },
    canonicalRow(versions, systemPriority) {
      const pick = survive(versions, ACCOUNT_FIELDS, systemPriority);
      return {
        name: nullable(pick.name),
        domain: normalizeDomain(pick.domain) ?? nullable(pick.domain),
        industry: nullable(pick.industry),
        employees: nullable(pick.employees),
        annual_revenue: nullable(pick.annualRevenue),
        plan: nullable(pick.plan),
        mrr: nullable(pick.mrr),
        currency: nullable(pick.currency),
        country: nullable(pick.country),
        owner_id: nullable(pick.ownerId),
        status: nullable(pick.status),
        churned_at: nullable(pick.churnedAt),
        properties: JSON.stringify(surviveProperties(versions, systemPriority)),
        ...lifecycle(versions),
      };
    },
  };
}
