import type { FeatureSet } from './feature-set.ts';

/** One entity's computed features, in feature-set order: numbers (NaN = unknown) or category labels. */
export type RawFeatureValues = readonly (number | string | null)[];

/**
 * Computed features of many rows before categorical encoding. Categories stay as text so one table
 * can be encoded with any model's dictionary (the current champion is re-scored on a new holdout).
 */
export interface RawTable {
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  readonly nRows: number;
  /** Per feature: numbers for numeric features, null for categorical ones. */
  readonly numbers: readonly (Float64Array | null)[];
  /** Per feature: labels for categorical features, null for numeric ones. */
  readonly texts: readonly ((string | null)[] | null)[];
}

/** Grows column by column as rows arrive, doubling typed arrays so appends stay amortised O(1). */
export class RawTableBuilder {
  readonly #featureNames: string[];
  readonly #categorical: boolean[];
  #numbers: (Float64Array | null)[];
  readonly #texts: ((string | null)[] | null)[];
  #rows = 0;

  constructor(set: FeatureSet, initialCapacity = 1024) {
    this.#featureNames = set.plan.features.map((f) => f.name);
    this.#categorical = set.plan.features.map((f) => f.type === 'categorical');
    this.#numbers = this.#categorical.map((isCategory) =>
      isCategory ? null : new Float64Array(initialCapacity),
    );
    this.#texts = this.#categorical.map((isCategory) => (isCategory ? [] : null));
  }

  get nRows(): number {
    return this.#rows;
  }

  append(values: RawFeatureValues): void {
    if (values.length !== this.#featureNames.length) {
      throw new Error(
        `RawTableBuilder: row has ${values.length} values, expected ${this.#featureNames.length}`,
      );
    }
    const capacity = this.#numbers.find((c) => c !== null)?.length ?? 0;
    if (this.#rows >= capacity) this.#grow(Math.max(16, capacity * 2));
    const row = this.#rows;
    values.forEach((value, j) => {
      const column = this.#numbers[j];
      if (column) column[row] = typeof value === 'number' ? value : Number.NaN;
      else this.#texts[j]!.push(typeof value === 'string' ? value : null);
    });
    this.#rows += 1;
  }

  #grow(capacity: number): void {
    this.#numbers = this.#numbers.map((column) => {
      if (!column) return null;
      const bigger = new Float64Array(capacity);
      bigger.set(column);
      return bigger;
    });
  }

  build(): RawTable {
    return {
      featureNames: this.#featureNames,
      categorical: this.#categorical,
      nRows: this.#rows,
      numbers: this.#numbers.map((column) => (column ? column.slice(0, this.#rows) : null)),
      texts: this.#texts.map((column) => (column ? [...column] : null)),
    };
  }
}

/** Rows `indices` of a table, in that order. */
export function selectTableRows(table: RawTable, indices: ArrayLike<number>): RawTable {
  const n = indices.length;
  return {
    featureNames: table.featureNames,
    categorical: table.categorical,
    nRows: n,
    numbers: table.numbers.map((column) =>
      column ? Float64Array.from({ length: n }, (_, k) => column[indices[k]!]!) : null,
    ),
    texts: table.texts.map((column) =>
      column ? Array.from({ length: n }, (_, k) => column[indices[k]!] ?? null) : null,
    ),
  };
}

/** Row `i` of a table as the name -> value record reasons quote. */
export function rowValues(
  table: Pick<RawTable, 'featureNames' | 'numbers' | 'texts'>,
  i: number,
): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  table.featureNames.forEach((name, j) => {
    out[name] = table.numbers[j] ? table.numbers[j]![i]! : (table.texts[j]![i] ?? null);
  });
  return out;
}
