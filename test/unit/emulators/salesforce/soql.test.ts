import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { OrgState } from '../../../../emulators/salesforce/index.ts';
import { planQuery } from '../../../../emulators/salesforce/soql/evaluate.ts';
import type { SoqlError } from '../../../../emulators/salesforce/soql/lexer.ts';
import { parseSoql } from '../../../../emulators/salesforce/soql/parser.ts';

function org(): OrgState {
  const state = new OrgState({
    clock: new FixedClock('2026-01-01T00:00:00Z'),
    seed: 1,
    dailyRequests: 100,
    sessionTtlMs: 1000,
    app: { clientId: 'c', clientSecret: 's' },
    refreshTokens: ['r'],
    canCreateFields: true,
    // SOQL evaluation only; no custom fields are created here, so field-level security plays no part.
    fieldLevelSecurity: false,
    managePermissionSets: true,
    integrationSetAssigned: true,
    bulkPollsToComplete: 1,
    queryPollsToComplete: 2,
    queryDefaultPageRecords: 50_000,
    faults: [],
  });
  const t = Date.parse('2026-01-01T00:00:00Z');
  state.load('Contact', [
    { LastName: 'Ames', Email: 'ames@x.org', SystemModstamp: t },
    { LastName: 'Baker', Email: 'baker@x.org', SystemModstamp: t },
    { LastName: 'Cole', Email: null, SystemModstamp: t + 1000 },
    { LastName: 'Dean', Email: 'dean@x.org', SystemModstamp: t + 2000, IsDeleted: true },
  ]);
  return state;
}

const run = (state: OrgState, soql: string, all = false) =>
  planQuery((name) => state.table(name), parseSoql(soql), all).rows.map((row) => row.LastName);

describe('emulated SOQL', () => {
  it('resumes inside a second with the (SystemModstamp, Id) cursor condition', () => {
    const state = org();
    const ids = [...state.requireTable('Contact').rows()].map((row) => row.Id as string);
    const soql =
      `SELECT Id, LastName FROM Contact WHERE SystemModstamp > 2026-01-01T00:00:00Z OR ` +
      `(SystemModstamp = 2026-01-01T00:00:00.000+0000 AND Id > '${ids[0]}') ORDER BY SystemModstamp ASC, Id ASC`;
    expect(run(state, soql)).toEqual(['Baker', 'Cole']);
    expect(run(state, soql, true)).toEqual(['Baker', 'Cole', 'Dean']);
  });

  it('filters with IN, LIKE, NOT, null and case-insensitive text', () => {
    const state = org();
    expect(run(state, "SELECT Id FROM Contact WHERE LastName IN ('ames', 'COLE') ORDER BY LastName")).toEqual(
      ['Ames', 'Cole'],
    );
    expect(
      run(state, "SELECT Id FROM Contact WHERE Email LIKE '%@x.org' AND NOT LastName = 'Baker'"),
    ).toEqual(['Ames']);
    expect(run(state, 'SELECT Id FROM Contact WHERE Email = null')).toEqual(['Cole']);
    expect(run(state, 'SELECT Id FROM Contact ORDER BY Email DESC NULLS LAST LIMIT 2 OFFSET 1')).toEqual([
      'Ames',
      'Cole',
    ]);
  });

  it('refuses AND and OR at one level without parentheses, naming the column', () => {
    expect(() =>
      parseSoql("SELECT Id FROM Contact WHERE LastName = 'a' AND Email = 'b' OR Title = 'c'"),
    ).toThrow(/ERROR at Row:1:Column:61\nunexpected token: 'OR'/);
  });

  it('answers unknown fields, objects and quoted datetimes like a real org', () => {
    const state = org();
    const error = (soql: string) => {
      try {
        run(state, soql);
      } catch (caught) {
        return caught as SoqlError;
      }
      throw new Error('expected a SoqlError');
    };
    expect(error('SELECT Nope__c FROM Contact')).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope__c' on entity 'Contact'"),
    });
    expect(error('SELECT Id FROM Widget')).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(error("SELECT Id FROM Contact WHERE SystemModstamp > '2026-01-01T00:00:00Z'")).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining('must be of type dateTime and should not be enclosed in quotes'),
    });
    expect(error('SELECT Id FRM Contact')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
});
