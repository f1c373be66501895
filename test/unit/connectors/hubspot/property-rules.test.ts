import { describe, expect, it } from 'vitest';
import type { PropertyRule } from '../../../../connectors/hubspot/api/types.ts';
import { MAX_TEXT_LENGTH, valueProblem } from '../../../../connectors/hubspot/destination/property-rules.ts';

const rule = (type: string, extra: Partial<PropertyRule> = {}): PropertyRule => ({
  name: 'field',
  type,
  options: [],
  externalOptions: false,
  readOnlyValue: false,
  ...extra,
});

describe('HubSpot value checks against property definitions', () => {
  it('accepts what HubSpot accepts', () => {
    expect(valueProblem(rule('number'), 'seats', '12.5')).toBeNull();
    expect(valueProblem(rule('bool'), 'active', 'TRUE')).toBeNull();
    expect(valueProblem(rule('datetime'), 'at', '2026-11-01T00:00:00.000Z')).toBeNull();
    expect(valueProblem(rule('date'), 'on', '1793491200000')).toBeNull();
    expect(valueProblem(rule('enumeration', { options: ['a', 'b'] }), 'pick', 'a;b')).toBeNull();
    expect(valueProblem(rule('string'), 'note', 'x'.repeat(MAX_TEXT_LENGTH))).toBeNull();
    // "" clears any property.
    expect(valueProblem(rule('number'), 'seats', '')).toBeNull();
  });

  it('leaves options kept outside the definition (pipeline stages) to HubSpot', () => {
    expect(valueProblem(rule('enumeration', { externalOptions: true }), 'dealstage', 'custom')).toBeNull();
  });

  it('names the field and says what is wrong', () => {
    expect(valueProblem(undefined, 'scorebridge_x', '1')).toMatch(/^scorebridge_x: no such HubSpot property/);
    expect(valueProblem(rule('number', { readOnlyValue: true }), 'hs_object_id', '1')).toMatch(
      /cannot be written/,
    );
    expect(valueProblem(rule('number'), 'seats', 'many')).toBe('seats: "many" is not a number');
    expect(valueProblem(rule('bool'), 'active', 'yes')).toBe('active: "yes" is not true or false');
    expect(valueProblem(rule('datetime'), 'at', 'soon')).toBe('at: "soon" is not a date');
    expect(valueProblem(rule('enumeration', { options: ['low', 'high'] }), 'tier', 'low;mid')).toBe(
      'tier: "mid" is not one of its options (low, high)',
    );
    const long = valueProblem(rule('string'), 'note', 'y'.repeat(MAX_TEXT_LENGTH + 1));
    expect(long).toBe(`note: ${MAX_TEXT_LENGTH + 1} characters, over HubSpot's limit of ${MAX_TEXT_LENGTH}`);
  });
});
