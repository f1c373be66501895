import { describe, expect, it } from 'vitest';
import { canonicalFieldNames as bigqueryFields } from '../../../connectors/bigquery/fields.ts';
import { canonicalFieldNames as fileFields } from '../../../connectors/file/fields.ts';
import { sourceFieldNames } from '../../../core/schema/index.ts';

describe('connector field lists follow the canonical schema', () => {
  it.each([
    'contact',
    'account',
    'event',
    'deal',
  ] as const)('%s: every schema field can be mapped from a column', (kind) => {
    const fields = sourceFieldNames(kind);
    expect(fields.length).toBeGreaterThan(3);
    expect(fileFields(kind)).toEqual(expect.arrayContaining(fields));
    expect(bigqueryFields(kind)).toEqual(expect.arrayContaining(fields));
  });
});
