import type { Reason } from '../../core/schema/score.ts';
import { type Contribution, compareByImpact } from './attribution.ts';
import type { FeatureDescriptor } from './feature-catalog.ts';
import { type FieldValue, fillTemplate, formatField, templateCaseFor, templateFor } from './reason-text.ts';

export type { Reason };

/** The row's fields by name; may hold more than the model's features for {row.NAME} slots. */
export type FeatureRow = Readonly<Record<string, FieldValue>>;

export interface RenderReasonsOptions {
  /** How many reasons to return. Default 3. */
  topK?: number;
  /** BCP 47 locale for numbers, percentages and money. Default 'en-US'. */
  locale?: string;
  /** Leave out factors whose |points| is at most this. Default 0 (drops factors with no effect). */
  minPoints?: number;
  /** Only factors that push the score this way (e.g. 'up' for what raises churn risk). */
  direction?: 'up' | 'down';
}

/**
 * The top factors behind a score, phrased for a sales rep: "logins down 60% vs previous month",
 * "3 support tickets in the last 14 days". Ordered by impact (compareByImpact), whatever the order
 * of `contributions`. A feature's value comes from `row` when the row has it, else from the
 * contribution (whose category label, when it has one, wins over a code in the row). Features
 * missing from the catalog fall back to a readable form of their name.
 */
export function renderReasons(
  contributions: readonly Contribution[],
  row: FeatureRow,
  catalog: readonly FeatureDescriptor[],
  options: RenderReasonsOptions = {},
): Reason[] {
  const topK = options.topK ?? 3;
  if (!Number.isInteger(topK) || topK < 0)
    throw new Error(`renderReasons: topK must be a whole number >= 0, got ${topK}`);
  const locale = checkedLocale(options.locale ?? 'en-US');
  const minPoints = options.minPoints ?? 0;
  const byName = new Map(catalog.map((descriptor) => [descriptor.name, descriptor]));
  const describe = (name: string, value: FieldValue): FeatureDescriptor =>
    byName.get(name) ?? fallbackDescriptor(name, value);

  return contributions
    .filter(
      (c) =>
        Math.abs(c.points) > minPoints &&
        (options.direction === undefined || c.direction === options.direction),
    )
    .sort(compareByImpact)
    .slice(0, topK)
    .map((c) => {
      // A category's label from the model's dataset beats a bare code in the row.
      const fromRow = row[c.feature];
      const value = typeof c.value === 'string' || fromRow === undefined ? c.value : fromRow;
      const descriptor = describe(c.feature, value);
      const templateCase = templateCaseFor(descriptor, value, locale);
      const text = fillTemplate(templateFor(descriptor, templateCase), (slot) => {
        if (slot === 'label')
          return templateCase === 'one' ? (descriptor.singular ?? descriptor.label) : descriptor.label;
        if (slot === 'value') return formatField(descriptor, value, locale);
        if (slot === 'window') return descriptor.window;
        if (slot === 'unit') return descriptor.unit;
        const field = slot.slice('row.'.length);
        return formatField(describe(field, row[field]), row[field], locale);
      });
      return { feature: c.feature, direction: c.direction, points: c.points, text };
    });
}

/** A feature nobody described: its name in plain words, shown as a number or category. */
function fallbackDescriptor(name: string, value: FieldValue): FeatureDescriptor {
  const label = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return { name, label: label || name, kind: typeof value === 'string' ? 'category' : 'number' };
}

function checkedLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    throw new Error(
      `renderReasons: locale '${locale}' is not a valid BCP 47 tag; use one like 'en-US' or 'es-ES'`,
    );
  }
}
