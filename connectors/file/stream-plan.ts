import type { RecordKind } from '../../core/schema/index.ts';
import { columnList, excerpt } from './excerpt.ts';
import { canonicalFields, closestName, type FieldSpec, normalizeColumnName } from './fields.ts';
import type { ScalarValue, StreamSettings } from './stream-settings.ts';

export interface FieldPlan {
  readonly spec: FieldSpec;
  /** The source column feeding this field, or null when the file has none. */
  readonly column: string | null;
  /** Position of `column` in a row's values; -1 when absent. */
  readonly index: number;
  /** Configured default, used when the column is absent or the cell is empty. */
  readonly fallback: ScalarValue | undefined;
  readonly valueMap: ReadonlyMap<string, string> | null;
  /** Object type of the source refs a reference field produces. */
  readonly refObjectType: string;
}

/** How one header (a CSV header row or one JSONL key set) maps onto canonical fields. */
export interface StreamPlan {
  readonly settings: StreamSettings;
  readonly header: readonly string[];
  /** Position of the record id column; -1 when there is none. */
  readonly idIndex: number;
  readonly idColumn: string;
  readonly fields: readonly FieldPlan[];
  readonly fieldByName: ReadonlyMap<string, FieldPlan>;
  readonly properties: readonly { readonly name: string; readonly index: number }[];
  /** Column positions in name order, so a content hash does not depend on column order. */
  readonly hashOrder: readonly number[];
}

/** Fields a record cannot exist without (the canonical schema has no default for them). */
export const REQUIRED_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  contact: [],
  account: [],
  event: ['type', 'occurredAt'],
  deal: ['status'],
};

/**
 * Resolves columns once per header. `strict` (CSV) turns a missing mapped column into an error that
 * stops the stream, since every row would fail the same way; JSONL objects may simply omit keys.
 */
export function compileStreamPlan(
  settings: StreamSettings,
  header: readonly string[],
  strict: boolean,
): StreamPlan {
  const where = `${settings.displayFile} (stream "${settings.stream}")`;
  const normalizedHeader = header.map(normalizeColumnName);
  const find = (configured: string | undefined, candidates: readonly string[], label: string): number => {
    const index =
      configured === undefined
        ? autoMatch(normalizedHeader, candidates)
        : exactMatch(header, normalizedHeader, configured);
    if (index === AMBIGUOUS) {
      throw new Error(
        `${where}: several columns match ${label}; name one with columns.${label} in the stream config`,
      );
    }
    if (index === -1 && configured !== undefined && strict) {
      throw new Error(
        `${where}: column '${configured}' (for ${label}) is not in the file${suggest(configured, header)}`,
      );
    }
    return index;
  };

  const kindIdAliases = settings.kind === 'deal' ? ['dealid', 'opportunityid'] : [`${settings.kind}id`];
  const idIndex = find(settings.idColumn ?? undefined, ['id', ...kindIdAliases, 'externalid'], 'id');
  const idColumn = idIndex >= 0 ? header[idIndex]! : (settings.idColumn ?? 'id');
  if (strict && idIndex === -1 && settings.kind !== 'event') {
    throw new Error(
      `${where}: no id column; name the column holding each ${settings.kind}'s id with "id:" in the stream config${suggest('id', header)}`,
    );
  }

  const fields = canonicalFields[settings.kind].map((spec): FieldPlan => {
    const index = find(
      settings.columns[spec.name],
      [normalizeColumnName(spec.name), ...(spec.aliases ?? [])],
      spec.name,
    );
    const valueMap = settings.valueMaps[spec.name];
    return {
      spec,
      column: index >= 0 ? header[index]! : (settings.columns[spec.name] ?? null),
      index,
      fallback: settings.defaults[spec.name],
      valueMap: valueMap ? new Map(Object.entries(valueMap)) : null,
      refObjectType:
        spec.refTarget === 'account'
          ? settings.accountObjectType
          : spec.refTarget === 'contact'
            ? settings.contactObjectType
            : settings.objectType,
    };
  });
  if (strict) {
    for (const required of REQUIRED_FIELDS[settings.kind]) {
      const plan = fields.find((field) => field.spec.name === required)!;
      if (plan.index === -1 && plan.fallback === undefined) {
        throw new Error(
          `${where}: no column for required field '${required}'; map one with columns: { ${required}: "<column>" } ` +
            `or set defaults.${required}. Columns in the file: ${columnList(header)}`,
        );
      }
    }
  }

  return {
    settings,
    header,
    idIndex,
    idColumn,
    fields,
    fieldByName: new Map(fields.map((field) => [field.spec.name, field])),
    properties: propertyColumns(settings, header, idIndex, fields, strict, where),
    hashOrder: header.map((_, index) => index).sort((a, b) => (header[a]! < header[b]! ? -1 : 1)),
  };
}

const AMBIGUOUS = -2;

function exactMatch(header: readonly string[], normalizedHeader: readonly string[], wanted: string): number {
  const exact = header.indexOf(wanted);
  if (exact !== -1) return header.indexOf(wanted, exact + 1) === -1 ? exact : AMBIGUOUS;
  return autoMatch(normalizedHeader, [normalizeColumnName(wanted)]);
}

function autoMatch(normalizedHeader: readonly string[], candidates: readonly string[]): number {
  for (const candidate of candidates) {
    const index = normalizedHeader.indexOf(candidate);
    if (index === -1) continue;
    return normalizedHeader.indexOf(candidate, index + 1) === -1 ? index : AMBIGUOUS;
  }
  return -1;
}

function propertyColumns(
  settings: StreamSettings,
  header: readonly string[],
  idIndex: number,
  fields: readonly FieldPlan[],
  strict: boolean,
  where: string,
): { name: string; index: number }[] {
  const used = new Set([idIndex, ...fields.map((field) => field.index)]);
  const chosen: { name: string; index: number }[] = [];
  for (const name of settings.properties) {
    if (name === '*') {
      header.forEach((column, index) => {
        if (!used.has(index) && !chosen.some((property) => property.index === index))
          chosen.push({ name: column, index });
      });
      continue;
    }
    const index = header.indexOf(name);
    if (index === -1 && strict) {
      throw new Error(`${where}: property column '${name}' is not in the file${suggest(name, header)}`);
    }
    if (index !== -1 && !chosen.some((property) => property.index === index)) chosen.push({ name, index });
  }
  return chosen;
}

function suggest(wanted: string, header: readonly string[]): string {
  const closest = closestName(wanted, header);
  return (
    (closest ? ` (did you mean '${excerpt(closest, 40)}'?)` : '') +
    `. Columns in the file: ${columnList(header)}`
  );
}
