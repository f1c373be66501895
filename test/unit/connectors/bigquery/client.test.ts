import { describe, expect, it } from 'vitest';
import { createBigQueryClient, isLoopback } from '../../../../connectors/bigquery/client.ts';
import { Secret } from '../../../../core/secret.ts';

describe('BigQuery client factory', () => {
  it('allows the fake emulator token only on loopback endpoints', () => {
    expect(isLoopback('http://127.0.0.1:9050')).toBe(true);
    expect(isLoopback('http://localhost:1')).toBe(true);
    expect(isLoopback('https://bigquery.googleapis.com')).toBe(false);
    expect(() =>
      createBigQueryClient({ projectId: 'p', apiEndpoint: 'https://example.com', emulatorAuth: true }),
    ).toThrow(/loopback/);
    expect(
      createBigQueryClient({
        projectId: 'p',
        apiEndpoint: 'http://127.0.0.1:1',
        emulatorAuth: true,
      }).requests(),
    ).toBe(0);
  });

  it('explains a missing or malformed service-account key without revealing it', () => {
    expect(() => createBigQueryClient({ projectId: 'p' })).toThrow(/credentials are missing/);
    const secret = new Secret('{"type":"service_account"}', 'BQ_KEY');
    expect(() => createBigQueryClient({ projectId: 'p', credentials: secret })).toThrow(
      /BQ_KEY is not a service-account key/,
    );
    const garbage = new Secret('not json at all', 'BQ_KEY');
    expect(() => createBigQueryClient({ projectId: 'p', credentials: garbage })).toThrow(
      /BQ_KEY is not JSON/,
    );
  });
});
