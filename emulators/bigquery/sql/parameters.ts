import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { BigQueryApiError } from '../errors.ts';
import { exactIntegerText } from '../exact-json.ts';
import { duckdbColumnType } from '../field-types.ts';
import type { ParameterMarkerFor } from './lexer.ts';

/** A query parameter as jobs.query receives it. */
export interface QueryParameter {
  name?: string;
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue?: { value?: unknown; arrayValues?: { value?: unknown }[] };
}

export interface ParameterPlan {
  readonly parameterMarker: ParameterMarkerFor;
  /** Values in DuckDB's shape: an object for named parameters, an array for positional ones. */
  readonly bindings: Record<string, DuckDBValue> | DuckDBValue[];
  readonly names: readonly string[];
}

/**
 * Every parameter marker is wrapped in a CAST to the declared parameter type, so DuckDB types a
 * parameter exactly as BigQuery would (a TIMESTAMP parameter compares as a timestamp, an INT64
 * as an integer) however its value was spelled on the wire.
 */
export function planParameters(
  parameters: readonly QueryParameter[],
  mode: string | undefined,
): ParameterPlan {
  const named = mode === 'NAMED' || mode === 'named' || parameters.some((parameter) => parameter.name);
  const typeOf = (parameter: QueryParameter): string => {
    const { type, arrayType } = parameter.parameterType;
    if (type.toUpperCase() === 'ARRAY')
      return `${duckdbColumnType({ name: 'p', type: arrayType?.type ?? 'STRING' })}[]`;
    return duckdbColumnType({ name: parameter.name ?? 'p', type });
  };
  if (named) {
    const byName = new Map(parameters.map((parameter) => [parameter.name ?? '', parameter]));
    const bindings: Record<string, DuckDBValue> = {};
    for (const parameter of parameters) bindings[parameter.name ?? ''] = parameterValue(parameter);
    return {
      bindings,
      names: [...byName.keys()],
      parameterMarker: (slot) => {
        if (!('name' in slot))
          throw new BigQueryApiError(
            'invalidQuery',
            'Positional parameters are not allowed in named parameter mode.',
            'query',
          );
        const parameter = byName.get(slot.name);
        if (!parameter)
          throw new BigQueryApiError('invalidQuery', `Query parameter '${slot.name}' not found`, 'query');
        return `CAST($${slot.name} AS ${typeOf(parameter)})`;
      },
    };
  }
  return {
    bindings: parameters.map(parameterValue),
    names: [],
    parameterMarker: (slot) => {
      if (!('index' in slot))
        throw new BigQueryApiError(
          'invalidQuery',
          `Named parameter @${slot.name} used in positional parameter mode.`,
          'query',
        );
      const parameter = parameters[slot.index];
      if (!parameter)
        throw new BigQueryApiError(
          'invalidQuery',
          `No query parameter for position ${slot.index + 1}`,
          'query',
        );
      return `CAST(? AS ${typeOf(parameter)})`;
    },
  };
}

function parameterValue(parameter: QueryParameter): DuckDBValue {
  const type = parameter.parameterType.type.toUpperCase();
  const value = parameter.parameterValue;
  if (type === 'ARRAY') {
    const itemType = parameter.parameterType.arrayType?.type ?? 'STRING';
    return listValue((value?.arrayValues ?? []).map((item) => scalar(itemType, item.value, parameter)));
  }
  return scalar(type, value?.value, parameter);
}

function scalar(type: string, raw: unknown, parameter: QueryParameter): DuckDBValue {
  if (raw === null || raw === undefined) return null;
  const value = exactIntegerText(raw) ?? raw;
  const where = parameter.name ? `@${parameter.name}` : 'a positional parameter';
  switch (type.toUpperCase()) {
    case 'INT64':
    case 'INTEGER': {
      const text = String(value);
      if (!/^-?\d+$/.test(text)) throw invalid(where, type, value);
      return BigInt(text);
    }
    case 'FLOAT64':
    case 'FLOAT':
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      const number = Number(value);
      if (Number.isNaN(number) && String(value) !== 'NaN') throw invalid(where, type, value);
      return number;
    }
    case 'BOOL':
    case 'BOOLEAN':
      return value === true || String(value).toLowerCase() === 'true';
    default:
      // STRING, TIMESTAMP, DATE, DATETIME, JSON, BYTES: DuckDB's CAST parses the text form.
      return String(value);
  }
}

function invalid(where: string, type: string, value: unknown): BigQueryApiError {
  return new BigQueryApiError(
    'invalidQuery',
    `Invalid ${type} value for ${where}: ${JSON.stringify(value)}`,
    'query',
  );
}
