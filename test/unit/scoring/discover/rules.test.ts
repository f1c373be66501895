import { describe, expect, it } from 'vitest';
import { knownFeatures } from '../../../../scoring/features/discover/known-features.ts';
import { slug, uniqueName, words } from '../../../../scoring/features/discover/names.ts';
import {
  aucOfScores,
  categoryAuc,
  type OutcomeGroup,
  separation,
} from '../../../../scoring/features/discover/separation.ts';
import { builtinVocabulary } from '../../../../scoring/features/vocabulary/builtin.ts';

const category = (value: string | null, positives: number, negatives: number): OutcomeGroup => ({
  category: value,
  present: value !== null,
  bucket: null,
  positives,
  negatives,
});

const number = (bucket: number | null, positives: number, negatives: number): OutcomeGroup => ({
  category: null,
  present: bucket !== null,
  bucket,
  positives,
  negatives,
});

describe('separation: how well a property tells outcomes apart', () => {
  it('computes ROC-AUC from grouped scores, ties counting half', () => {
    expect(
      aucOfScores([
        { score: 0, positives: 0, negatives: 5 },
        { score: 1, positives: 5, negatives: 0 },
      ]),
    ).toBe(1);
    expect(aucOfScores([{ score: 1, positives: 3, negatives: 3 }])).toBe(0.5);
    expect(
      aucOfScores([
        { score: 0, positives: 1, negatives: 3 },
        { score: 1, positives: 3, negatives: 1 },
      ]),
    ).toBeCloseTo((3 * 3 + 0.5 * 3 + 0.5 * 3) / 16);
  });

  it('reads a category with its outcome rate left out, so small categories do not separate by chance', () => {
    // 40 categories of 5 people, one positive in each of 8 of them: nothing to learn.
    const groups = Array.from({ length: 40 }, (_, i) => category(`c${i}`, i < 8 ? 1 : 0, i < 8 ? 4 : 5));
    expect(categoryAuc(groups)).toBeLessThan(0.6);
    // A value only positives have is found whatever its size.
    const leak = [category('won', 20, 0), category('new', 0, 30), category('open', 0, 30)];
    expect(categoryAuc(leak)).toBe(1);
  });

  it('flags a property that has a value only with the outcome', () => {
    const result = separation([category('price', 8, 0), category(null, 2, 90)], false, 5)!;
    expect(result.onlyWithOutcome).toBe(true);
    expect(result.presentPositives).toBe(0.8);
    expect(result.presentNegatives).toBe(0);
    expect(result.auc).toBeGreaterThanOrEqual(0.9);
  });

  it('measures a number by its order in either direction, and not at all with too few outcomes', () => {
    const falling = [number(1, 10, 0), number(2, 0, 10), number(null, 0, 0)];
    expect(separation(falling, true, 5)).toMatchObject({ auc: 1, by: 'values', onlyWithOutcome: false });
    const mixed = [number(1, 5, 5), number(2, 5, 5)];
    expect(separation(mixed, true, 5)!.auc).toBe(0.5);
    expect(separation([number(1, 4, 10)], true, 5)).toBeNull();
  });
});

describe('discovered names', () => {
  it('turns event and property names into feature-name parts', () => {
    expect(slug('Report Exported')).toBe('report_exported');
    expect(slug('reportExported')).toBe('report_exported');
    expect(slug('/resources/ebook-predictive-marketing', 24)).toBe('resources_ebook');
    expect(slug('3d_views')).toBe('n3d_views');
    expect(slug('€')).toBe('x');
    expect(words('feature_use')).toBe('feature use');
  });

  it('never reuses a name', () => {
    const taken = new Set(['login_30d']);
    expect(uniqueName('login_30d', taken)).toBe('login_30d_2');
    expect(uniqueName('login_30d', taken)).toBe('login_30d_3');
  });
});

describe('what the catalog already computes', () => {
  it('knows the built-in measures by event, window and filter, through aliases', () => {
    const vocabulary = { ...builtinVocabulary(), aliases: { login: ['Logged In'] } };
    const known = knownFeatures('contact', vocabulary);
    expect(known.computing({ kind: 'count', window: '30d' }, 'login')?.name).toBe('login_30d');
    expect(known.computing({ kind: 'count', window: '30d' }, 'Logged In')?.name).toBe('login_30d');
    expect(known.computing({ kind: 'count', window: '60d' }, 'login')).toBeUndefined();
    expect(known.computing({ kind: 'days_since_last' }, 'feature_use')).toBeUndefined();
    expect(known.filtering('page_view', '30d', 'page', '/Pricing')?.name).toBe('pricing_page_views_30d');
    expect(known.filtering('page_view', '30d', 'page', '/docs')).toBeUndefined();
  });

  it("knows the config's features, except those of the file being rewritten", () => {
    const definitions = { tier: { property: 'properties.tier' }, task_30d: { count: 'task', window: '30d' } };
    const origins = { tier: 'scoring.features', task_30d: 'discovered.yaml' };
    const known = knownFeatures('contact', undefined, definitions, origins, 'discovered.yaml');
    expect(known.readingProperty('tier')).toEqual({ name: 'tier', origin: 'scoring.features' });
    expect(known.computing({ kind: 'count', window: '30d' }, 'task')).toBeUndefined();
    expect(known.names.has('task_30d')).toBe(false);
  });
});
