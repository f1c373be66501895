import { z } from 'zod';
import type { Dataset } from '../learners/types.ts';
import type { RawFeatureValues, RawTable } from './raw-table.ts';

/**
 * Category labels per categorical feature; a label's code is its index. Levels are sorted, so the
 * same training data always gives the same codes, and the dictionary is stored with the model so
 * scoring encodes exactly as training did. A label the model never saw encodes as missing.
 */
export type CategoryDictionary = Readonly<Record<string, readonly string[]>>;

export const categoryDictionarySchema = z.record(z.string(), z.array(z.string()));

export function learnDictionary(table: RawTable): CategoryDictionary {
  const out: Record<string, string[]> = {};
  table.featureNames.forEach((name, j) => {
    const column = table.texts[j];
    if (!column) return;
    const levels = new Set<string>();
    for (const value of column) if (value !== null) levels.add(value);
    out[name] = [...levels].sort();
  });
  return out;
}

function codeMaps(dictionary: CategoryDictionary): Map<string, Map<string, number>> {
  return new Map(
    Object.entries(dictionary).map(([name, levels]) => [
      name,
      new Map(levels.map((level, code) => [level, code])),
    ]),
  );
}

/**
 * Encodes a raw table as a learner dataset with the columns in `featureNames` order (default: the
 * table's). A feature the table lacks is an error: models only ever see the features they were built on.
 */
export function encodeTable(
  table: RawTable,
  dictionary: CategoryDictionary,
  featureNames = table.featureNames,
): Dataset {
  const maps = codeMaps(dictionary);
  const columns: Float64Array[] = [];
  const categorical: boolean[] = [];
  const categoryLabels: (readonly string[] | undefined)[] = [];
  for (const name of featureNames) {
    const j = table.featureNames.indexOf(name);
    if (j < 0)
      throw new Error(
        `encodeTable: feature "${name}" is not in the computed features (${table.featureNames.length} available)`,
      );
    const texts = table.texts[j];
    if (texts) {
      const codes = maps.get(name) ?? new Map<string, number>();
      columns.push(
        Float64Array.from(texts, (label) => (label === null ? Number.NaN : (codes.get(label) ?? Number.NaN))),
      );
      categorical.push(true);
      categoryLabels.push(dictionary[name] ?? []);
    } else {
      columns.push(table.numbers[j]!);
      categorical.push(false);
      categoryLabels.push(undefined);
    }
  }
  return { nRows: table.nRows, featureNames: [...featureNames], columns, categorical, categoryLabels };
}

/** Encodes one raw row for a model: `sourceNames` are the raw row's names, `featureNames` the model's. */
export class RowEncoder {
  readonly #positions: Int32Array;
  readonly #codes: (Map<string, number> | null)[];

  constructor(
    sourceNames: readonly string[],
    featureNames: readonly string[],
    dictionary: CategoryDictionary,
  ) {
    const maps = codeMaps(dictionary);
    this.#positions = Int32Array.from(featureNames, (name) => {
      const j = sourceNames.indexOf(name);
      if (j < 0)
        throw new Error(
          `RowEncoder: the model needs feature "${name}", which the feature set does not compute`,
        );
      return j;
    });
    this.#codes = featureNames.map((name) => (name in dictionary ? (maps.get(name) ?? null) : null));
  }

  encode(values: RawFeatureValues, out: Float64Array): Float64Array {
    for (let k = 0; k < this.#positions.length; k++) {
      const value = values[this.#positions[k]!];
      const codes = this.#codes[k];
      if (codes) out[k] = typeof value === 'string' ? (codes.get(value) ?? Number.NaN) : Number.NaN;
      else out[k] = typeof value === 'number' ? value : Number.NaN;
    }
    return out;
  }
}
