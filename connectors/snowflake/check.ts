import { type CheckItem, fail, ok, warn } from '../../core/connectors/check.ts';
import { columnKey, qualifiedName, quoteName, SnowflakeClient } from './client.ts';
import type { SnowflakeConnectorConfig } from './config.ts';
import { connectionSettings } from './index.ts';
import { schemaColumnsSql } from './publish/score-sql.ts';

/**
 * Logs in to Snowflake with the configured user and reports what the connector needs: the score
 * tables (publish creates them when missing), and for each stream its table or SQL read with the
 * id and cursor columns, as a zero-row query under the configured role.
 */
export async function checkSnowflake(name: string, config: SnowflakeConnectorConfig): Promise<CheckItem[]> {
  let client: SnowflakeClient;
  try {
    client = await SnowflakeClient.connect(connectionSettings(config));
  } catch (error) {
    return [
      fail(
        `log in to Snowflake account ${config.account} as ${config.username}`,
        shortMessage(error),
        `check connectors.${name}.account, username and the password or key variable`,
      ),
    ];
  }
  const items: CheckItem[] = [ok(`log in to Snowflake account ${config.account} as ${config.username}`)];
  try {
    const schema = config.scores.schema ?? config.schema;
    const tables = [config.scores.current, config.scores.history].map((table) => table.toUpperCase());
    const found = await client.execute(schemaColumnsSql(tables.length), [schema.toUpperCase(), ...tables]);
    const present = new Set(found.map((row) => String(row.TABLE_NAME).toUpperCase()));
    items.push(
      present.size === tables.length
        ? ok(`score tables in ${config.database}.${schema}`, 'exist')
        : warn(
            `score tables in ${config.database}.${schema}`,
            `${tables.filter((table) => !present.has(table)).join(', ')} not created yet; publish creates them`,
            'the role needs CREATE TABLE on the schema',
          ),
    );
  } catch (error) {
    items.push(
      fail(
        `read ${config.database}.INFORMATION_SCHEMA`,
        shortMessage(error),
        'grant the role USAGE on the database and schema',
      ),
    );
  }
  for (const [stream, settings] of Object.entries(config.streams)) {
    const relation = settings.table
      ? qualifiedName(settings.table)
      : `(${settings.sql!.trim().replace(/;\s*$/, '')})`;
    const id = settings.idColumn ?? 'ID';
    const updatedAt = settings.updatedAtColumn ?? (settings.kind === 'event' ? 'OCCURRED_AT' : 'UPDATED_AT');
    const what = `stream ${stream} can be read (${settings.table ?? 'its SQL'}, columns ${id} and ${updatedAt})`;
    try {
      await client.execute(
        `SELECT SRC.${quoteName(columnKey(id))}, SRC.${quoteName(columnKey(updatedAt))} FROM ${relation} AS SRC LIMIT 0`,
      );
      items.push(ok(what));
    } catch (error) {
      items.push(
        fail(
          what,
          shortMessage(error),
          `check connectors.${name}.streams.${stream} and the role's SELECT grant`,
        ),
      );
    }
  }
  await client.close();
  return items;
}

function shortMessage(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return message.length > 300 ? `${message.slice(0, 299)}…` : message;
}
