import { createBigQueryClient } from '../../connectors/bigquery/index.ts';
import { connectionSettings, SnowflakeClient } from '../../connectors/snowflake/index.ts';
import type { LoadedConfig } from '../config/index.ts';

export interface WarehouseScoreView {
  readonly warehouse: string;
  readonly entityId: string;
  readonly score: number;
  readonly tier: string;
}

/**
 * The highest scores of a model as a warehouse job sees them: a plain SELECT on the latest-scores
 * view, through each warehouse's official client.
 */
export async function topWarehouseScores(
  loaded: LoadedConfig,
  model: string,
  limit = 5,
): Promise<WarehouseScoreView[]> {
  const views: WarehouseScoreView[] = [];
  for (const [name, config] of Object.entries(loaded.config.connectors)) {
    if (config.type === 'bigquery') {
      const { bigquery } = createBigQueryClient({
        projectId: config.projectId,
        ...(config.apiEndpoint ? { apiEndpoint: config.apiEndpoint } : {}),
        ...(config.credentials ? { credentials: config.credentials } : { emulatorAuth: true }),
      });
      const dataset = config.scores.dataset ?? config.dataset;
      const [rows] = await bigquery.query({
        query: `SELECT entity_id, score, tier FROM \`${config.projectId}.${dataset}.${config.scores.latestView}\`
                WHERE model = @model ORDER BY score DESC, entity_id LIMIT ${Math.trunc(limit)}`,
        params: { model },
      });
      for (const row of rows as Array<{ entity_id: string; score: number; tier: string }>)
        views.push({ warehouse: name, entityId: row.entity_id, score: row.score, tier: row.tier });
    } else if (config.type === 'snowflake') {
      const client = await SnowflakeClient.connect(connectionSettings(config));
      try {
        const rows = await client.execute(
          `SELECT ENTITY_ID, SCORE, TIER FROM ${config.scores.latestView} WHERE MODEL = ? ORDER BY SCORE DESC, ENTITY_ID LIMIT ${Math.trunc(limit)}`,
          [model],
        );
        for (const row of rows)
          views.push({
            warehouse: name,
            entityId: String(row.ENTITY_ID),
            score: Number(row.SCORE),
            tier: String(row.TIER),
          });
      } finally {
        await client.close();
      }
    }
  }
  return views;
}
