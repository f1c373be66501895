/**
 * SQLite functions the product's statements use, defined on Postgres with the same meaning for the
 * way the product calls them, so one statement serves both stores:
 * - json_extract(text, '$.a.b') reads a value out of a JSON document kept in a TEXT column and
 *   returns it as text (SQLite returns numbers as numbers: compare them with a cast on both sides);
 * - instr(haystack, needle) is strpos.
 * IMMUTABLE so the outbox can index json_extract(payload, ...), as it does on SQLite.
 */
export const SQLITE_COMPAT_FUNCTIONS = `
CREATE OR REPLACE FUNCTION json_extract(document text, path text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN jsonb_path_query_first(document::jsonb, path::jsonpath) #>> '{}';
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN strpos(haystack, needle);
`;
