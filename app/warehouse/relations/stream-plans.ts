import type { BigQueryConnectorConfig } from '../../../connectors/bigquery/config.ts';
import { canonicalFields, defaultUpdatedAtColumn } from '../../../connectors/bigquery/fields.ts';
import { columnKey, qualifiedName } from '../../../connectors/snowflake/client.ts';
import type { SnowflakeConnectorConfig } from '../../../connectors/snowflake/config.ts';
import { defaultColumn } from '../../../connectors/snowflake/source/row-mapping.ts';
import { type RecordKind, sourceFieldNames } from '../../../core/schema/index.ts';
import type { SourceColumn } from './relation-sql.ts';

/** Where a stream's rows come from, before its columns are known. */
export interface StreamSource {
  readonly connector: string;
  readonly stream: string;
  readonly kind: RecordKind;
  /** The relation the connector reads: a quoted table path or a parenthesised SELECT. */
  readonly relation: string;
  /** The table as configured (for dbt sources), or null for a SQL stream. */
  readonly table: { readonly database: string; readonly schema: string; readonly name: string } | null;
  /** The SQL of a SQL stream, or null. */
  readonly sql: string | null;
}

/** A stream as the generated SQL reads it: which column holds each canonical field. */
export interface StreamPlan extends StreamSource {
  readonly system: string;
  readonly objectType: string;
  /** Object types the connector writes into references to contacts and accounts. */
  readonly refObjectTypes: { readonly contact: string; readonly account: string };
  readonly id: SourceColumn;
  readonly updatedAt: SourceColumn;
  /** Canonical field -> its column, for the fields whose column the relation has. */
  readonly fields: ReadonlyMap<string, SourceColumn>;
  /** Columns kept as properties, under the key the connector stores them by. */
  readonly properties: readonly { readonly key: string; readonly column: SourceColumn }[];
  /** Source event label -> canonical event type. */
  readonly eventTypes: Readonly<Record<string, string>>;
  /** Whether status texts are lower-cased before they are checked (BigQuery's connector does). */
  readonly lowercaseStatus: boolean;
}

export interface StreamPlanner {
  readonly sources: readonly StreamSource[];
  /** The plan of a source once its relation's columns are known; `where` locates errors. */
  plan(source: StreamSource, columns: readonly SourceColumn[]): StreamPlan;
}

function missingColumn(source: StreamSource, what: string, column: string, found: readonly SourceColumn[]) {
  return new Error(
    `connectors.${source.connector}.streams.${source.stream}: ${what} column ${column} is not in ${source.table ? source.relation : 'the stream SQL'} (columns: ${found.map((c) => c.name).join(', ') || 'none'})`,
  );
}

/** BigQuery streams (connectors/bigquery/source.ts and map-row.ts). */
export function bigQueryStreamPlanner(connector: string, config: BigQueryConnectorConfig): StreamPlanner {
  const sources: StreamSource[] = Object.entries(config.streams).map(([stream, settings]) => ({
    connector,
    stream,
    kind: settings.kind,
    relation: settings.table
      ? `\`${config.projectId}.${config.dataset}.${settings.table}\``
      : `(\n${settings.sql}\n)`,
    table: settings.table
      ? { database: config.projectId, schema: config.dataset, name: settings.table }
      : null,
    sql: settings.sql ?? null,
  }));
  const objectTypeOf = (kind: 'contact' | 'account') => {
    const entry = Object.entries(config.streams).find(([, other]) => other.kind === kind);
    return entry ? (entry[1].objectType ?? entry[0]) : `${kind}s`;
  };
  return {
    sources,
    plan(source, columns) {
      const settings = config.streams[source.stream]!;
      const byName = new Map(columns.map((c) => [c.name, c]));
      const find = (what: string, name: string) => {
        const column = byName.get(name);
        if (!column) throw missingColumn(source, what, name, columns);
        return column;
      };
      const id = find('id', settings.idColumn);
      const updatedAt = find(
        source.kind === 'event' ? 'occurred-at' : 'updated-at',
        settings.updatedAtColumn ?? defaultUpdatedAtColumn(source.kind),
      );
      const used = new Set([id.name, updatedAt.name]);
      const fields = new Map<string, SourceColumn>();
      for (const field of canonicalFields[source.kind]) {
        const column = byName.get(settings.columns?.[field.name] ?? field.column);
        if (!column) continue;
        used.add(column.name);
        fields.set(field.name, column);
      }
      const listed = settings.properties ?? [];
      const keepAll = listed.includes('*');
      const properties = (keepAll ? columns.filter((c) => !used.has(c.name)).map((c) => c.name) : listed)
        .filter((name) => byName.has(name))
        .map((name) => ({ key: name, column: byName.get(name)! }));
      return {
        ...source,
        system: connector,
        objectType: settings.objectType ?? source.stream,
        refObjectTypes: { contact: objectTypeOf('contact'), account: objectTypeOf('account') },
        id,
        updatedAt,
        fields,
        properties,
        eventTypes: {},
        lowercaseStatus: true,
      };
    },
  };
}

/** A config object name (`T`, `S.T`, `D.S.T`) as Snowflake resolves it. */
function snowflakeTable(
  name: string,
  config: SnowflakeConnectorConfig,
): { database: string; schema: string; name: string } {
  const parts = name.split('.').map((part) => (/^".*"$/.test(part) ? part.slice(1, -1) : part.toUpperCase()));
  const table = parts.at(-1)!;
  const schema = parts.at(-2) ?? config.schema.toUpperCase();
  const database = parts.at(-3) ?? config.database.toUpperCase();
  return { database, schema, name: table };
}

/** Snowflake streams (connectors/snowflake/source/snowflake-source.ts and row-mapping.ts). */
export function snowflakeStreamPlanner(connector: string, config: SnowflakeConnectorConfig): StreamPlanner {
  const sources: StreamSource[] = Object.entries(config.streams).map(([stream, settings]) => ({
    connector,
    stream,
    kind: settings.kind,
    relation: settings.table
      ? qualifiedName(settings.table)
      : `(${settings.sql!.trim().replace(/;\s*$/, '')})`,
    table: settings.table ? snowflakeTable(settings.table, config) : null,
    sql: settings.sql ?? null,
  }));
  return {
    sources,
    plan(source, columns) {
      const settings = config.streams[source.stream]!;
      const byName = new Map(columns.map((c) => [c.name, c]));
      const find = (what: string, name: string) => {
        const column = byName.get(columnKey(name));
        if (!column) throw missingColumn(source, what, columnKey(name), columns);
        return column;
      };
      const id = find('id', settings.idColumn ?? 'ID');
      const updatedAt = find(
        source.kind === 'event' ? 'occurred-at' : 'updated-at',
        settings.updatedAtColumn ?? (source.kind === 'event' ? 'OCCURRED_AT' : 'UPDATED_AT'),
      );
      const used = new Set([id.name, updatedAt.name]);
      const fields = new Map<string, SourceColumn>();
      for (const field of sourceFieldNames(source.kind)) {
        const column = byName.get(columnKey(settings.columns?.[field] ?? defaultColumn(field)));
        if (!column) continue;
        used.add(column.name);
        fields.set(field, column);
      }
      const listed = settings.properties ?? [];
      const keepAll = listed.includes('*');
      const properties = columns
        .filter((c) => !used.has(c.name) && (keepAll || listed.some((name) => columnKey(name) === c.name)))
        .map((c) => ({ key: c.name.toLowerCase(), column: c }));
      return {
        ...source,
        system: connector,
        objectType: settings.objectType ?? source.stream,
        refObjectTypes: {
          contact: settings.contactObjectType ?? 'contacts',
          account: settings.accountObjectType ?? 'accounts',
        },
        id,
        updatedAt,
        fields,
        properties,
        eventTypes: settings.eventTypes ?? {},
        lowercaseStatus: false,
      };
    },
  };
}
