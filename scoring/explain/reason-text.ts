import type { FeatureDescriptor, FeatureKind, TemplateCase } from './feature-catalog.ts';

/** A field of the row as the reason renderer receives it. */
export type FieldValue = number | string | boolean | null | undefined;

/** The sentence each kind uses by default, as data; a descriptor's `template` overrides by case. */
export const defaultTemplates: Readonly<Record<FeatureKind, Partial<Record<TemplateCase, string>>>> = {
  count: { other: '{value} {label}[ {window}]', zero: 'no {label}[ {window}]', missing: '{label}: unknown' },
  days: {
    other: 'no {label} for {value} days',
    one: 'no {label} for {value} day',
    zero: '{label} today',
    missing: 'no {label} on record',
  },
  trend: {
    up: '{label} up {value}[ {window}]',
    down: '{label} down {value}[ {window}]',
    flat: '{label} unchanged[ {window}]',
    missing: '{label}: no trend yet',
  },
  ratio: { other: '{label} {value}[ {window}]', missing: '{label}: unknown' },
  money: { other: '{label} {value}[ {window}]', missing: '{label}: unknown' },
  number: { other: '{label}: {value}[ {unit}]', missing: '{label}: unknown' },
  category: { other: '{label}: {value}', missing: '{label}: unknown' },
  flag: { yes: '{label}', no: '{label}: no', missing: '{label}: unknown' },
};

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** Intl objects are slow to build and reasons are rendered per score, so they are cached. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

function plural(locale: string, value: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(value);
}

/** A value as shown for its kind, plus the number that decides the case (after display rounding). */
interface Shown {
  readonly text: string;
  readonly rounded: number;
}

function showNumber(descriptor: FeatureDescriptor, x: number, locale: string): Shown {
  const show = (value: number, options: Intl.NumberFormatOptions): Shown => ({
    text: numberFormat(locale, options).format(value),
    rounded: roundTo(value, options),
  });
  switch (descriptor.kind) {
    case 'count':
      return show(x, { maximumFractionDigits: 1 });
    case 'days':
      return show(x, { maximumFractionDigits: 0 });
    case 'trend':
      return show(Math.abs(x), { style: 'percent', maximumFractionDigits: 0 });
    case 'ratio':
      return show(x, { style: 'percent', maximumFractionDigits: Math.abs(x) < 0.1 ? 1 : 0 });
    case 'money': {
      const digits = Number.isInteger(x) || Math.abs(x) >= 100 ? 0 : 2;
      const currency = descriptor.unit ?? 'USD';
      return show(x, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    }
    case 'category': {
      const label = descriptor.categories?.[String(x)];
      return { text: label ?? numberFormat(locale, {}).format(x), rounded: x };
    }
    default:
      return show(x, { maximumFractionDigits: 2 });
  }
}

/** The number a format shows, so "0.3 days" shown as "0" picks the zero sentence. */
function roundTo(value: number, options: Intl.NumberFormatOptions): number {
  const digits = (options.maximumFractionDigits ?? 0) + (options.style === 'percent' ? 2 : 0);
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A flag is set by true, a non-zero number, or the words CRMs export for true. */
function isSet(value: FieldValue): boolean {
  if (typeof value === 'string') return ['true', 'yes', 'y', '1'].includes(value.trim().toLowerCase());
  return value === true || (typeof value === 'number' && value !== 0);
}

function isMissing(value: FieldValue): value is null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Format any row field with its descriptor, for {value} and {row.NAME}; undefined when missing. */
export function formatField(
  descriptor: FeatureDescriptor,
  value: FieldValue,
  locale: string,
): string | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return showNumber(descriptor, value, locale).text;
}

/** Pick the sentence for a value: missing, zero/one/other, up/down/flat or yes/no by kind. */
export function templateCaseFor(
  descriptor: FeatureDescriptor,
  value: FieldValue,
  locale: string,
): TemplateCase {
  if (isMissing(value)) return 'missing';
  if (descriptor.kind === 'flag') return isSet(value) ? 'yes' : 'no';
  if (typeof value !== 'number') return 'other';
  const { rounded } = showNumber(descriptor, value, locale);
  if (descriptor.kind === 'trend') return rounded === 0 ? 'flat' : value > 0 ? 'up' : 'down';
  if (descriptor.kind === 'category') return 'other';
  if (rounded === 0) return 'zero';
  if ((descriptor.kind === 'count' || descriptor.kind === 'days') && plural(locale, rounded) === 'one')
    return 'one';
  return 'other';
}

/** The template text for a case: the descriptor's own, then its "other" for "one", then the default. */
export function templateFor(descriptor: FeatureDescriptor, templateCase: TemplateCase): string {
  const own = descriptor.template;
  const defaults = defaultTemplates[descriptor.kind];
  return (
    own?.[templateCase] ??
    (templateCase === 'one' ? own?.other : undefined) ??
    defaults[templateCase] ??
    defaults.other ??
    '{label}: {value}'
  );
}

/**
 * Fill a template. `resolve` returns a slot's text or undefined when it has none; an
 * optional [segment] with such a slot is dropped, elsewhere it reads "unknown".
 */
export function fillTemplate(template: string, resolve: (slot: string) => string | undefined): string {
  // Each part is filled once, so braces inside a value are never read as slots.
  const fill = (text: string, optional: boolean): string => {
    let complete = true;
    const filled = text.replace(/\{([^{}]*)\}/g, (_, name: string) => {
      const resolved = resolve(name);
      if (resolved === undefined) complete = false;
      return resolved ?? 'unknown';
    });
    return optional && !complete ? '' : filled;
  };
  let text = '';
  let last = 0;
  for (const match of template.matchAll(/\[([^\]]*)\]/g)) {
    text += fill(template.slice(last, match.index), false) + fill(match[1]!, true);
    last = match.index + match[0].length;
  }
  text += fill(template.slice(last), false);
  return text.replace(/\s+/g, ' ').trim();
}
