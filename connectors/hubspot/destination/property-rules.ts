import type { Clock } from '../../../core/clock.ts';
import type { HubspotApi } from '../api/client.ts';
import type { PropertyRule } from '../api/types.ts';

/** HubSpot refuses text values longer than this (CRM properties: values are limited to 65,536 characters). */
export const MAX_TEXT_LENGTH = 65_536;
/** Definitions are read again after this long, so options edited in HubSpot are seen within a run or two. */
const DEFINITIONS_TTL_MS = 10 * 60_000;

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
}

/**
 * Why HubSpot would refuse `value` for the property, or null when it takes it. Mirrors HubSpot's
 * checks that a definition can decide: unknown and read-only properties, numbers, booleans, dates,
 * enumeration options (not for options kept outside the definition, such as pipeline stages:
 * botpress/botpress#15354) and the text length limit. "" clears a value and is always accepted.
 */
export function valueProblem(rule: PropertyRule | undefined, name: string, value: string): string | null {
  if (!rule) return `${name}: no such HubSpot property (create it, or fix the field mapping)`;
  if (rule.readOnlyValue) return `${name}: HubSpot calculates this property; its value cannot be written`;
  if (value === '') return null;
  switch (rule.type) {
    case 'number':
      return Number.isFinite(Number(value)) && value.trim() !== ''
        ? null
        : `${name}: ${shown(value)} is not a number`;
    case 'bool':
      return /^(true|false)$/i.test(value) ? null : `${name}: ${shown(value)} is not true or false`;
    case 'date':
    case 'datetime':
      return /^-?\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value))
        ? null
        : `${name}: ${shown(value)} is not a date`;
    case 'enumeration': {
      if (rule.externalOptions || rule.options.length === 0) return null;
      const allowed = new Set(rule.options);
      const bad = value.split(';').find((option) => !allowed.has(option));
      return bad === undefined
        ? null
        : `${name}: ${shown(bad)} is not one of its options (${rule.options.slice(0, 10).join(', ')}${rule.options.length > 10 ? ', …' : ''})`;
    }
    default:
      return value.length > MAX_TEXT_LENGTH
        ? `${name}: ${value.length} characters, over HubSpot's limit of ${MAX_TEXT_LENGTH}`
        : null;
  }
}

/**
 * Property definitions per object type, read once and kept for a few minutes. A batch HubSpot
 * rejected as a whole is a sign they changed, so the connector drops them then (`forget`).
 */
export class PropertyDefinitions {
  readonly #api: HubspotApi;
  readonly #clock: Clock;
  readonly #cache = new Map<
    string,
    { readonly at: number; readonly rules: Promise<Map<string, PropertyRule>> }
  >();

  constructor(api: HubspotApi, clock: Clock) {
    this.#api = api;
    this.#clock = clock;
  }

  rules(objectType: string): Promise<Map<string, PropertyRule>> {
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(objectType);
    if (cached && now - cached.at < DEFINITIONS_TTL_MS) return cached.rules;
    const rules = this.#api
      .propertyDefinitions(objectType)
      .then((list) => new Map(list.map((rule) => [rule.name, rule])));
    rules.catch(() => this.#cache.delete(objectType));
    this.#cache.set(objectType, { at: now, rules });
    return rules;
  }

  /** Keeps definitions just read elsewhere (creating score fields), saving a call. */
  remember(objectType: string, list: readonly PropertyRule[]): void {
    const rules = Promise.resolve(new Map(list.map((rule) => [rule.name, rule])));
    this.#cache.set(objectType, { at: this.#clock.now().getTime(), rules });
  }

  forget(objectType: string): void {
    this.#cache.delete(objectType);
  }
}
