import { z } from 'zod';
import { featureKinds, templateCases } from '../../explain/feature-catalog.ts';

/**
 * The feature vocabulary as people write it in YAML (the built-in catalog in ./catalog and the
 * `scoring.features` section of scorebridge.yaml). A feature is one aggregate, attribute or
 * combination, named once and phrased once; plan/lower.ts turns it into what the SQL compiler
 * and the in-process evaluator run.
 *
 *   reports_exported_30d:
 *     count: report_exported      # events with this name (or a group of names)
 *     window: 30d                 # strictly before the cutoff, at most 30 days old
 *     label: reports exported     # "3 reports exported in the last 30 days"
 *     singular: report exported
 */

export const FEATURE_NAME = /^[a-z][a-z0-9_]*$/;
const featureName = z.string().regex(FEATURE_NAME, 'feature names are lower snake case, like "logins_30d"');

/** "30d" (at most 30 days before the cutoff) or "all" (all history before the cutoff). */
export const windowSchema = z
  .string()
  .regex(/^(all|[1-9]\d{0,3}d)$/, 'a window is a number of days such as "30d", or "all"');

/** One event name, a group name (see `events.groups`), "any", or a list of them. */
const eventNamesSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const scalar = z.union([z.string(), z.number()]);

/**
 * A test on one event property (names resolve through `events.properties`, so `page` also reads
 * `path` and `url`). Text comparisons ignore case; numbers compare as numbers.
 */
export const predicateSchema = z
  .strictObject({
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    not_in: z.array(scalar).min(1).optional(),
    contains: z.string().min(1).optional(),
    contains_any: z.array(z.string().min(1)).min(1).optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .superRefine((predicate, ctx) => {
    const used = Object.keys(predicate).filter(
      (key) => predicate[key as keyof typeof predicate] !== undefined,
    );
    if (used.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          used.length === 0
            ? 'a condition needs one test: equals, in, not_in, contains, contains_any, exists, gt, gte, lt or lte'
            : `a condition has one test, found ${used.join(' and ')}; write two conditions on two properties instead`,
      });
  });
export type PredicateInput = z.output<typeof predicateSchema>;

/** What sum/average/min/max/latest read: the event's value, a deal's amount, or a property. */
export const valueSchema = z.union([
  z.enum(['value', 'amount']),
  z.strictObject({
    property: z.string().min(1),
    /** Text labels to numbers ("high": 2); a label not listed counts as `default`. */
    weights: z.record(z.string(), z.number()).optional(),
    default: z.number().optional(),
  }),
]);
export type ValueInput = z.output<typeof valueSchema>;

const templateSchema = z.partialRecord(z.enum(templateCases), z.string().min(1));

/** The keys that say what a feature measures; exactly one per feature. */
export const MEASURE_KEYS = [
  'count',
  'sum',
  'average',
  'min',
  'max',
  'distinct',
  'exists',
  'days_since_last',
  'days_since_first',
  'trend',
  'ratio',
  'share',
  'property',
  'days_since',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export const featureDefinitionSchema = z
  .strictObject({
    description: z.string().optional().describe('What the feature means, for people reading the YAML.'),
    count: eventNamesSchema.optional().describe('Number of events with these names, or `deals`.'),
    sum: valueSchema.optional().describe('Total of `value`, `amount` (deals) or a property.'),
    average: valueSchema.optional(),
    min: valueSchema.optional(),
    max: valueSchema.optional(),
    distinct: z
      .union([z.literal('person'), z.strictObject({ property: z.string().min(1) })])
      .optional()
      .describe('Number of different people, or of different values of a property.'),
    exists: eventNamesSchema.optional().describe('1 when at least one such event happened, else 0.'),
    days_since_last: eventNamesSchema.optional().describe('Days from the last such event to the cutoff.'),
    days_since_first: eventNamesSchema.optional(),
    trend: eventNamesSchema
      .optional()
      .describe('Change of the daily rate of these events: `recent` window against the `previous` one.'),
    ratio: z.tuple([featureName, featureName]).optional().describe('[numerator, denominator] features.'),
    share: z
      .tuple([featureName, featureName])
      .optional()
      .describe('[part, whole] features, as a percentage.'),
    property: z
      .string()
      .min(1)
      .optional()
      .describe('An attribute: `industry`, `account.employees`, `properties.lead_source`.'),
    days_since: z.string().min(1).optional().describe('Days since a date attribute, e.g. `created_at`.'),
    events: eventNamesSchema.optional().describe('The events sum/average/min/max/distinct read.'),
    deals: z
      .enum(['open', 'won', 'lost', 'any'])
      .optional()
      .describe('Read deals instead of events: those open, won or lost at the cutoff, or any.'),
    where: z.record(z.string().min(1), predicateSchema).optional(),
    window: windowSchema.optional(),
    of: z.enum(['self', 'account']).optional().describe('`account`: the whole company of a contact.'),
    recent: windowSchema.optional(),
    previous: windowSchema.optional(),
    type: z.enum(['number', 'category']).optional().describe('How a custom property is read.'),
    label: z.string().min(1).optional(),
    singular: z.string().min(1).optional(),
    format: z.enum(featureKinds).optional().describe('How values are shown in reasons.'),
    unit: z.string().min(1).optional(),
    phrase: z.string().optional().describe('Window phrase in reasons; default from the window.'),
    template: templateSchema.optional(),
  })
  .superRefine((definition, ctx) => {
    const used = MEASURE_KEYS.filter((key) => definition[key] !== undefined);
    if (used.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message:
        used.length === 0
          ? `a feature says what it measures with one of ${MEASURE_KEYS.join(', ')}`
          : `a feature measures one thing, found ${used.join(' and ')}`,
    });
  });
export type FeatureDefinitionInput = z.output<typeof featureDefinitionSchema>;

/** Feature name -> definition, in the order written (the order models see columns in). */
export const featureMapSchema = z.record(featureName, featureDefinitionSchema);

/**
 * Names of events and properties as the features read them. `aliases` maps the well-known names
 * the built-in features use onto a source's own names (`login: ["Logged In"]`); `groups` names a
 * set of events (`activity`); `properties` lists where a property may be found, first present wins.
 */
export const eventVocabularySchema = z.strictObject({
  aliases: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
  groups: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
  properties: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
});
export type EventVocabulary = z.output<typeof eventVocabularySchema>;

/** A feature file: the built-in catalog, or a user's `scoring` section (events + features). */
export const featureFileSchema = z.strictObject({
  events: eventVocabularySchema.prefault({}),
  features: z
    .strictObject({
      contact: featureMapSchema.default({}),
      account: featureMapSchema.default({}),
    })
    .prefault({}),
});
export type FeatureFile = z.output<typeof featureFileSchema>;
