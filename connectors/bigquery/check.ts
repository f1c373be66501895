import { type CheckItem, fail, ok, warn } from '../../core/connectors/check.ts';
import { createBigQueryClient } from './client.ts';
import type { BigQueryConnectorConfig } from './config.ts';
import { defaultUpdatedAtColumn } from './fields.ts';

/**
 * Reaches BigQuery with the configured credentials and reports what the connector needs: the
 * score dataset (publish creates it when missing, with the BigQuery Data Editor role), and for
 * each stream its table or SQL read with the id and cursor columns, as a zero-row query.
 */
export async function checkBigQuery(name: string, config: BigQueryConnectorConfig): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  let client: ReturnType<typeof createBigQueryClient>;
  try {
    client = createBigQueryClient({
      projectId: config.projectId,
      location: config.location,
      ...(config.apiEndpoint ? { apiEndpoint: config.apiEndpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      emulatorAuth: config.credentials === undefined,
    });
  } catch (error) {
    return [
      fail('the credentials can be read', (error as Error).message, `fix connectors.${name}.credentials`),
    ];
  }
  const scoreDataset = config.scores.dataset ?? config.dataset;
  try {
    const [exists] = await client.bigquery.dataset(scoreDataset).exists();
    items.push(
      exists
        ? ok(`score dataset ${config.projectId}.${scoreDataset}`, 'exists')
        : warn(
            `score dataset ${config.projectId}.${scoreDataset}`,
            'does not exist yet; publish creates it',
            'the service account needs the BigQuery Data Editor role on the project',
          ),
    );
  } catch (error) {
    return [
      fail(
        `reach BigQuery project ${config.projectId}`,
        shortMessage(error),
        'check the service-account key (credentials), its roles (BigQuery Job User, Data Viewer) and apiEndpoint',
      ),
    ];
  }
  for (const [stream, settings] of Object.entries(config.streams ?? {})) {
    const from = settings.table
      ? `\`${config.projectId}.${config.dataset}.${settings.table}\``
      : `(\n${settings.sql}\n) AS src`;
    const updatedAt = settings.updatedAtColumn ?? defaultUpdatedAtColumn(settings.kind);
    const what = `stream ${stream} can be read (${settings.table ?? 'its SQL'}, columns ${settings.idColumn} and ${updatedAt})`;
    try {
      await client.bigquery.query({
        query: `SELECT \`${settings.idColumn}\`, \`${updatedAt}\` FROM ${from} LIMIT 0`,
        location: config.location,
      });
      items.push(ok(what));
    } catch (error) {
      items.push(
        fail(
          what,
          shortMessage(error),
          `check connectors.${name}.streams.${stream} and that the service account may read the dataset`,
        ),
      );
    }
  }
  return items;
}

function shortMessage(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return message.length > 300 ? `${message.slice(0, 299)}…` : message;
}
