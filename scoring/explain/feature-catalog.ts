import { z } from 'zod';

export const featureKinds = [
  'count',
  'ratio',
  'trend',
  'days',
  'money',
  'category',
  'flag',
  'number',
] as const;
export type FeatureKind = (typeof featureKinds)[number];

/** Which sentence a value selects; a kind uses only some of them (see casesByKind). */
export const templateCases = ['missing', 'zero', 'one', 'other', 'up', 'down', 'flat', 'yes', 'no'] as const;
export type TemplateCase = (typeof templateCases)[number];

export const casesByKind: Readonly<Record<FeatureKind, readonly TemplateCase[]>> = {
  count: ['missing', 'zero', 'one', 'other'],
  days: ['missing', 'zero', 'one', 'other'],
  ratio: ['missing', 'zero', 'other'],
  money: ['missing', 'zero', 'other'],
  number: ['missing', 'zero', 'other'],
  trend: ['missing', 'up', 'down', 'flat'],
  category: ['missing', 'other'],
  flag: ['missing', 'yes', 'no'],
};

/**
 * How one model feature is described to a sales rep.
 *
 * - count: a number of events, `{value} {label}[ {window}]` -> "3 support tickets in the last 14 days"
 * - days: days since an event named by label, -> "no login for 21 days"
 * - trend: relative change as a fraction (-0.6 = down 60 %) -> "logins down 60% vs previous month"
 * - ratio: a fraction shown as a percentage -> "email open rate 35%"
 * - money: an amount in `unit` (ISO 4217, default USD) -> "MRR $1,200"
 * - category: a category label, or a code looked up in `categories` -> "plan: Starter"
 * - flag: 0/1 -> label when set ("email bounced")
 * - number: anything else -> "seats: 12"
 *
 * Templates are data: text with slots {label}, {value}, {window}, {unit} and {row.NAME} (the
 * formatted value of another field of the row). Text in [square brackets] is dropped when a
 * slot inside it has no value. For the "one" case {label} means `singular` when given.
 */
export interface FeatureDescriptor {
  name: string;
  label: string;
  kind: FeatureKind;
  /** Time-window phrase appended by the default texts: "in the last 14 days", "vs previous month". */
  window?: string;
  /** money: ISO 4217 currency code; number: unit word ("seats", "months"). */
  unit?: string;
  /** Label for a count of exactly one ("support ticket"). */
  singular?: string;
  /** category: labels by code, for rows holding integer codes. */
  categories?: Record<string, string>;
  /** Sentences by case, replacing the kind's defaults. */
  template?: Partial<Record<TemplateCase, string>>;
}

const slotNames = new Set(['label', 'value', 'window', 'unit']);

/** Every {slot} in a template, with whether it sits inside an optional [segment]. */
export function templateSlots(template: string): { name: string; optional: boolean }[] {
  const found: { name: string; optional: boolean }[] = [];
  let optional = false;
  for (const match of template.matchAll(/\[|\]|\{([^{}]*)\}/g)) {
    if (match[0] === '[') optional = true;
    else if (match[0] === ']') optional = false;
    else found.push({ name: match[1]!, optional });
  }
  return found;
}

function templateProblems(template: string, descriptor: FeatureDescriptor): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (const char of template) {
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (depth < 0 || depth > 1) return ['square brackets must pair up and cannot nest'];
  }
  if (depth !== 0) problems.push('an optional segment [ is never closed with ]');
  for (const { name, optional } of templateSlots(template)) {
    if (!slotNames.has(name) && !/^row\.[^\s.]+$/.test(name)) {
      problems.push(`unknown slot {${name}}; use {label}, {value}, {window}, {unit} or {row.FIELD}`);
    } else if (!optional && (name === 'window' || name === 'unit') && descriptor[name] === undefined) {
      problems.push(`{${name}} is used but the feature has no ${name}; set it or put it inside [ ]`);
    }
  }
  return problems;
}

const descriptorSchema = z
  .strictObject({
    name: z.string().min(1),
    label: z.string().min(1),
    kind: z.enum(featureKinds),
    window: z.string().min(1).optional(),
    unit: z.string().min(1).optional(),
    singular: z.string().min(1).optional(),
    categories: z.record(z.string(), z.string()).optional(),
    template: z.partialRecord(z.enum(templateCases), z.string().min(1)).optional(),
  })
  .superRefine((descriptor, ctx) => {
    if (descriptor.kind === 'money' && descriptor.unit !== undefined && !/^[A-Z]{3}$/.test(descriptor.unit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: 'money needs a 3-letter ISO 4217 code such as USD',
      });
    }
    for (const [templateCase, text] of Object.entries(descriptor.template ?? {})) {
      const path = ['template', templateCase];
      if (!casesByKind[descriptor.kind].includes(templateCase as TemplateCase)) {
        const allowed = casesByKind[descriptor.kind].join(', ');
        ctx.addIssue({ code: 'custom', path, message: `kind '${descriptor.kind}' uses only ${allowed}` });
      }
      for (const message of templateProblems(text ?? '', descriptor))
        ctx.addIssue({ code: 'custom', path, message });
    }
  });

export const featureCatalogSchema = z.array(descriptorSchema).superRefine((catalog, ctx) => {
  const seen = new Map<string, number>();
  catalog.forEach((descriptor, index) => {
    const first = seen.get(descriptor.name);
    if (first !== undefined) {
      const message = `feature '${descriptor.name}' is already described at [${first}]`;
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message });
    }
    seen.set(descriptor.name, index);
  });
});

/**
 * Validate a feature catalog (for example parsed from YAML). Errors list each problem with its
 * path, e.g. `[2].template.up`, prefixed by `source` so the user knows which file to fix.
 */
export function parseFeatureCatalog(input: unknown, source = 'feature catalog'): FeatureDescriptor[] {
  const result = featureCatalogSchema.safeParse(input);
  if (!result.success)
    throw new Error(`${source}: invalid feature catalog\n${z.prettifyError(result.error)}`);
  return result.data;
}
