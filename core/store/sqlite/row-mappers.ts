import type {
  Account,
  AccountStatus,
  Contact,
  Deal,
  DealStatus,
  EventType,
  Properties,
  ResolvedEvent,
  Score,
  SourceRef,
} from '../../schema/index.ts';
import { parseSourceKey } from '../../schema/index.ts';
import { fromDbBool } from './sql.ts';

type DbRow = Record<string, unknown>;

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function toContact(row: DbRow): Contact {
  return {
    id: String(row.id),
    email: text(row.email),
    emailNormalized: text(row.email_normalized),
    firstName: text(row.first_name),
    lastName: text(row.last_name),
    title: text(row.title),
    role: text(row.role),
    phone: text(row.phone),
    timezone: text(row.timezone),
    country: text(row.country),
    city: text(row.city),
    lifecycleStage: text(row.lifecycle_stage),
    ownerId: text(row.owner_id),
    accountId: text(row.account_id),
    emailOptIn: fromDbBool(row.email_opt_in),
    properties: JSON.parse(String(row.properties)) as Properties,
    sources: JSON.parse(String(row.sources)) as SourceRef[],
    createdAt: text(row.created_at),
    updatedAt: String(row.updated_at),
    deletedAt: text(row.deleted_at),
    mergedInto: text(row.merged_into),
  };
}

export function toAccount(row: DbRow): Account {
  return {
    id: String(row.id),
    name: text(row.name),
    domain: text(row.domain),
    industry: text(row.industry),
    employees: num(row.employees),
    annualRevenue: num(row.annual_revenue),
    plan: text(row.plan),
    mrr: num(row.mrr),
    currency: text(row.currency),
    country: text(row.country),
    ownerId: text(row.owner_id),
    status: text(row.status) as AccountStatus | null,
    churnedAt: text(row.churned_at),
    properties: JSON.parse(String(row.properties)) as Properties,
    sources: JSON.parse(String(row.sources)) as SourceRef[],
    createdAt: text(row.created_at),
    updatedAt: String(row.updated_at),
    deletedAt: text(row.deleted_at),
    mergedInto: text(row.merged_into),
  };
}

export function toEvent(row: DbRow): ResolvedEvent {
  return {
    id: Number(row.id),
    type: String(row.type) as EventType,
    occurredAt: String(row.occurred_at),
    contactId: text(row.contact_id),
    accountId: text(row.account_id),
    value: num(row.value),
    properties: row.properties ? (JSON.parse(String(row.properties)) as Properties) : {},
    source: parseSourceKey(String(row.source_key)),
  };
}

export function toDeal(row: DbRow): Deal {
  return {
    id: Number(row.id),
    source: parseSourceKey(String(row.source_key)),
    name: text(row.name),
    accountId: text(row.account_id),
    contactId: text(row.contact_id),
    stage: text(row.stage),
    status: String(row.status) as DealStatus,
    amount: num(row.amount),
    currency: text(row.currency),
    createdAt: text(row.created_at),
    closedAt: text(row.closed_at),
    updatedAt: String(row.updated_at),
    deleted: Number(row.deleted) === 1,
  };
}

export function toScore(row: DbRow): Score {
  return {
    entityType: String(row.entity_type) as Score['entityType'],
    entityId: String(row.entity_id),
    model: String(row.model),
    kind: String(row.kind) as Score['kind'],
    modelVersion: String(row.model_version),
    probability: num(row.probability),
    value: Number(row.value),
    tier: String(row.tier) as Score['tier'],
    reasons: JSON.parse(String(row.reasons)) as Score['reasons'],
    amount: num(row.amount),
    action: text(row.action),
    computedAt: String(row.computed_at),
    ...(row.as_of === null || row.as_of === undefined ? {} : { asOf: String(row.as_of) }),
  };
}
