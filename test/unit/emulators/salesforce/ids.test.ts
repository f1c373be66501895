import { describe, expect, it } from 'vitest';
import { caseSafeSuffix, IdFactory, toId18 } from '../../../../emulators/salesforce/index.ts';

describe('emulated Salesforce ids', () => {
  it('computes the documented case-safe suffix', () => {
    expect(toId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(caseSafeSuffix('003000000000001')).toBe('AAA');
  });

  it('hands out fixed-width ids whose string order is creation order', () => {
    const ids = new IdFactory();
    const made = Array.from({ length: 40 }, () => ids.next('003'));
    expect(made.every((id) => id.length === 18 && id.startsWith('003'))).toBe(true);
    expect([...made].sort()).toEqual(made);
  });
});
