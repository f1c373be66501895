/**
 * JSON.parse that keeps integers beyond 2^53 exact. BigQuery reads INT64 values from JSON text
 * digit for digit (in tabledata.insertAll rows, NDJSON load files and query parameters), and
 * documents INT64 as a 64-bit integer (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#integer_types);
 * a double would silently round 9007199254740993 to ...992. Such numbers come back as
 * `JSON.rawJSON` values, which JSON.stringify writes back unchanged (a JSON column keeps them).
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' &&
    Number.isInteger(value) &&
    !Number.isSafeInteger(value) &&
    context?.source &&
    /^-?\d+$/.test(context.source)
      ? rawJson(context.source)
      : value,
  );
}

type RawJsonApi = { rawJSON(text: string): object; isRawJSON(value: unknown): boolean };
const jsonApi = JSON as unknown as RawJsonApi;

function rawJson(text: string): object {
  return jsonApi.rawJSON(text);
}

/** The digits of an exact integer read by parseExactJson, or null for any other value. */
export function exactIntegerText(value: unknown): string | null {
  return jsonApi.isRawJSON(value) ? (value as { rawJSON: string }).rawJSON : null;
}
