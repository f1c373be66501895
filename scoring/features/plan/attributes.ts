import { closest } from '../../../core/config/suggest.ts';
import type { EntityType } from '../../../core/schema/index.ts';
import type { EventVocabulary } from '../vocabulary/schema.ts';
import { expandEventNames, propertyRef } from './event-names.ts';
import type { AttributeRef, EventMeasure, Expr, Scope } from './ir.ts';

type AttributeType = AttributeRef['type'];

/**
 * Attributes a feature may read with `property:` or `days_since:`, safe at a cutoff. Status, churn
 * date, lifecycle stage and e-mail consent are left out on purpose: they describe the present, and
 * for past cutoffs they are the label itself.
 *
 * - created_at: when the record first existed (created, else first updated).
 * - customer_since: when the account became a customer (first won deal, a "customer since"
 *   property, or creation for accounts marked active/churned); unknown unless before the cutoff.
 * - plan, mrr, seats: from the latest subscription change before the cutoff when there is one;
 *   else the CRM's current value, but only for an account that was already a customer then.
 */
export const ACCOUNT_ATTRIBUTES: Readonly<Record<string, AttributeType>> = {
  created_at: 'instant',
  customer_since: 'instant',
  industry: 'text',
  country: 'text',
  employees: 'number',
  annual_revenue: 'number',
  plan: 'text',
  mrr: 'number',
  seats: 'number',
};

/** A person's attributes; `country` falls back to the account's. */
export const CONTACT_ATTRIBUTES: Readonly<Record<string, AttributeType>> = {
  created_at: 'instant',
  role: 'text',
  title: 'text',
  country: 'text',
  city: 'text',
};

/** The event whose latest occurrence before the cutoff says an account's plan, seats and MRR. */
export const SUBSCRIPTION_EVENT = 'subscription_change';

const PROPERTY = /^properties\.([A-Za-z0-9_][A-Za-z0-9_. -]*)$/;

export type AttributeResolution =
  | { readonly expr: Expr; readonly type: AttributeType }
  | { readonly error: string };

function own(entityType: EntityType): Readonly<Record<string, AttributeType>> {
  return entityType === 'contact' ? CONTACT_ATTRIBUTES : ACCOUNT_ATTRIBUTES;
}

/** Every attribute path an entity type can read, for messages and suggestions. */
export function attributePaths(entityType: EntityType): string[] {
  const paths = Object.keys(own(entityType));
  if (entityType === 'contact')
    paths.push(...Object.keys(ACCOUNT_ATTRIBUTES).map((name) => `account.${name}`));
  return paths;
}

const column = (path: string, type: AttributeType): Expr => ({ op: 'attribute', ref: { path, type } });

/** plan / mrr / seats of an account as of the cutoff (see ACCOUNT_ATTRIBUTES). */
function subscriptionExpr(
  name: 'plan' | 'mrr' | 'seats',
  prefix: string,
  scope: Scope,
  vocabulary: EventVocabulary,
  measure: (m: EventMeasure) => Expr,
): Expr {
  const base = {
    source: 'events',
    scope,
    select: { names: expandEventNames(SUBSCRIPTION_EVENT, vocabulary), conditions: [] },
    range: { after: null, within: null },
  } as const;
  const latest: Expr =
    name === 'plan'
      ? measure({ ...base, agg: 'latest_text', ref: propertyRef('plan', vocabulary) })
      : measure({
          ...base,
          agg: 'latest_number',
          value:
            name === 'mrr' ? { kind: 'value' } : { kind: 'property', ref: propertyRef('seats', vocabulary) },
        });
  const current =
    name === 'seats'
      ? column(`${prefix}properties.seats`, 'number')
      : column(`${prefix}${name}`, ACCOUNT_ATTRIBUTES[name]!);
  return { op: 'coalesce', first: latest, otherwise: { op: 'if_customer', scope, value: current } };
}

/**
 * Resolves `industry`, `account.employees` or `properties.lead_source` for an entity type to an
 * expression. A CRM property is read as text unless the feature declares `type: number`.
 */
export function resolveAttribute(
  entityType: EntityType,
  path: string,
  declared: 'number' | 'category' | undefined,
  vocabulary: EventVocabulary,
  measure: (m: EventMeasure) => Expr,
): AttributeResolution {
  const onAccount = entityType === 'contact' && path.startsWith('account.');
  const rest = onAccount ? path.slice('account.'.length) : path;
  const table = onAccount ? ACCOUNT_ATTRIBUTES : own(entityType);
  if (PROPERTY.test(rest)) {
    const type = declared === 'number' ? 'number' : 'text';
    return { expr: column(path, type), type };
  }
  const type = table[rest];
  if (type === undefined) {
    const suggestion = closest(path, attributePaths(entityType));
    return {
      error:
        `unknown ${onAccount ? 'account' : entityType} attribute '${rest}'` +
        (suggestion ? `; did you mean '${suggestion}'?` : '') +
        ` Known: ${Object.keys(table).join(', ')}` +
        `${entityType === 'contact' && !onAccount ? ', account.<attribute>' : ''}, or properties.<CRM property>`,
    };
  }
  if (declared !== undefined)
    return { error: `'type' is only for CRM properties (properties.<name>); '${rest}' is a ${type}` };
  const onAnAccount = onAccount || entityType === 'account';
  const scope: Scope = onAccount ? 'account' : 'self';
  if (onAnAccount && (rest === 'plan' || rest === 'mrr' || rest === 'seats'))
    return { expr: subscriptionExpr(rest, onAccount ? 'account.' : '', scope, vocabulary, measure), type };
  if (onAnAccount && rest === 'customer_since')
    return { expr: { op: 'before_cutoff', instant: column(path, type) }, type };
  return { expr: column(path, type), type };
}

/** The CRM property name of `properties.NAME` / `account.properties.NAME`, else null. */
export function customPropertyName(
  path: string,
): { readonly onAccount: boolean; readonly name: string } | null {
  const onAccount = path.startsWith('account.');
  const match = PROPERTY.exec(onAccount ? path.slice('account.'.length) : path);
  return match ? { onAccount, name: match[1]! } : null;
}
