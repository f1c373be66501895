import { describe, expect, it } from 'vitest';
import { AnalyticsMemoryError, DuckDbEngine } from '../../../core/store/analytics/duckdb-engine.ts';

describe('the analytical engine out of memory', () => {
  it('names the config key to raise instead of DuckDB settings', async () => {
    // In memory there is no temp directory to spill to, so a big enough sort must fail.
    const engine = await DuckDbEngine.open({ path: ':memory:', memoryLimit: '16MB', threads: 1 });
    try {
      const sql = 'SELECT range AS n, md5(range::VARCHAR) AS h FROM range(3000000) ORDER BY h';
      const failure = await engine.rows(sql).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AnalyticsMemoryError);
      expect((failure as Error).message).toContain('store.analytics.memoryLimit is 16MB');
      expect((failure as Error).message).toContain('Raise store.analytics.memoryLimit in scorebridge.yaml');
      const streamed = async () => {
        for await (const _ of engine.columns(sql)) void _;
      };
      await expect(streamed()).rejects.toBeInstanceOf(AnalyticsMemoryError);
    } finally {
      engine.close();
    }
  });
});
