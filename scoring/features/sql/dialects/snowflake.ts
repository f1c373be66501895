import { snowflakeDialect } from '../../../sql/dialects.ts';
import { stringLiteral } from '../../../sql/literals.ts';
import type { FeatureDialect } from '../dialect.ts';

const text = (value: string) => stringLiteral(value, snowflakeDialect);
/** A path naming one member; double quotes keep dots and spaces in the name literal. */
const path = (name: string) => text(`"${name.replaceAll('"', '""')}"`);

/**
 * Snowflake. Properties are JSON text (VARCHAR); every function below is Snowflake's own.
 *
 * - JSON_EXTRACT_PATH_TEXT: a member as VARCHAR (strings unquoted, numbers and booleans as their
 *   JSON text), NULL when missing or JSON null. https://docs.snowflake.com/en/sql-reference/functions/json_extract_path_text
 * - TRY_PARSE_JSON / GET / IS_VARCHAR: whether the member is a JSON string (an ISO instant) or a
 *   number (epoch milliseconds). https://docs.snowflake.com/en/sql-reference/functions/is_varchar
 * - TRY_TO_TIMESTAMP_TZ, DATE_PART(EPOCH_MILLISECOND, ...): ISO text to epoch ms; a text without an
 *   offset is read in the session's TIMEZONE. https://docs.snowflake.com/en/sql-reference/functions/date_part
 * - TRY_TO_DOUBLE: NULL instead of an error; it accepts "nan" and "inf", which the evaluator does not,
 *   so only values below infinity are kept (Snowflake orders NaN above every other FLOAT).
 *   https://docs.snowflake.com/en/sql-reference/functions/try_to_double
 * - COUNT_IF, IFF: https://docs.snowflake.com/en/sql-reference/functions/count_if
 * - GET(ARRAY_AGG(...) WITHIN GROUP (ORDER BY ...), 0): ARRAY_AGG drops NULLs, so element 0 is the
 *   latest non-null value; it is a VARIANT, cast back to the value's type.
 *   https://docs.snowflake.com/en/sql-reference/functions/array_agg, https://docs.snowflake.com/en/sql-reference/functions/get
 * - HASH: a stable signed 64-bit hash. https://docs.snowflake.com/en/sql-reference/functions/hash
 *
 * Snowflake's `/` on integers yields a NUMBER with a limited scale, not a double: the compiler casts
 * both operands of every quotient to DOUBLE, so no feature is computed in fixed point.
 */
export const snowflakeFeatures: FeatureDialect = {
  sql: snowflakeDialect,
  jsonText: (column, name) => `JSON_EXTRACT_PATH_TEXT(${column}, ${path(name)})`,
  jsonInstant: (column, name) =>
    `IFF(IS_VARCHAR(GET(TRY_PARSE_JSON(${column}), ${text(name)})),
       DATE_PART(EPOCH_MILLISECOND, TRY_TO_TIMESTAMP_TZ(JSON_EXTRACT_PATH_TEXT(${column}, ${path(name)}))),
       TRY_TO_DOUBLE(JSON_EXTRACT_PATH_TEXT(${column}, ${path(name)})))`,
  toNumber: (value) => {
    const number = `TRY_TO_DOUBLE(TRIM(${value}))`;
    return `IFF(ABS(${number}) < CAST('inf' AS DOUBLE), ${number}, NULL)`;
  },
  contains: (haystack, needle) => `CONTAINS(${haystack}, ${needle})`,
  aggregateIf: (fn, value, condition) =>
    fn === 'COUNT' && value === '1' ? `COUNT_IF(${condition})` : `${fn}(IFF(${condition}, ${value}, NULL))`,
  countDistinctIf: (value, condition) => `COUNT(DISTINCT IFF(${condition}, ${value}, NULL))`,
  latestIf: (value, at, id, condition, type) =>
    `CAST(GET(ARRAY_AGG(IFF(${condition}, ${value}, NULL)) WITHIN GROUP (ORDER BY ${at} DESC, ${id} DESC), 0) AS ${
      type === 'text' ? 'VARCHAR' : 'DOUBLE'
    })`,
  unitHash: (value) => `(ABS(MOD(HASH(${value}), 1000000007)) / 1000000007e0)`,
};
