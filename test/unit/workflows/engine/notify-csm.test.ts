import { describe, expect, it } from 'vitest';
import { type Csm, chooseCsm, renderNotifyText } from '../../../../workflows/engine/index.ts';

const CSMS: Csm[] = [
  { id: 'ana', name: 'Ana', email: 'ana@example.com' },
  { id: 'ben', name: 'Ben', email: 'ben@example.com' },
  { id: 'cy', name: 'Cy', email: 'cy@example.com' },
];

describe('renderNotifyText', () => {
  it('replaces field references with record values and nothing else', () => {
    const record = { account: { name: 'Acme', seats: 12, active: true, owner: { id: 'o1' } } };
    expect(
      renderNotifyText(
        '{{ account.name }} ({{account.seats}} seats, {{account.active}}) {{account.missing}}!',
        record,
      ),
    ).toBe('Acme (12 seats, true) !');
    expect(renderNotifyText('{{account.owner}}|{{constructor.name}}|{{ 1 + 1 }}', record)).toBe(
      '||{{ 1 + 1 }}',
    );
  });
});

describe('chooseCsm', () => {
  it('picks the CSM with the fewest assignments', () => {
    const load = new Map([
      ['ana', 3],
      ['ben', 1],
      ['cy', 2],
    ]);
    expect(chooseCsm(CSMS, load, { type: 'account', id: 'a-1' })?.id).toBe('ben');
  });

  it('breaks ties deterministically per entity and spreads entities over equal CSMs', () => {
    const empty = new Map<string, number>();
    const pick = (id: string) => chooseCsm(CSMS, empty, { type: 'account', id })?.id;
    expect(pick('a-1')).toBe(pick('a-1'));
    const chosen = new Set(Array.from({ length: 30 }, (_, index) => pick(`a-${index}`)));
    expect(chosen.size).toBe(3);
    expect(chooseCsm([], empty, { type: 'account', id: 'a-1' })).toBeUndefined();
  });
});
