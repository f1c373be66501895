/**
 * What `scorebridge check` found about one thing a connector needs: reached with the configured
 * credentials, a scope, an object, a field, a permission, a quota, a table, a file.
 *
 * - `ok`: there and usable.
 * - `warn`: usable, with something worth knowing (a score field that write-back will create, a
 *   quota running low). Does not fail the check.
 * - `fail`: something a sync, write-back or publish needs is missing; `fix` says what to do.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckItem {
  readonly status: CheckStatus;
  /** What was checked, in plain words ("Contact.Lead_Score__c can be written"). */
  readonly what: string;
  /** What was found, when it adds to `what` (numbers, names). */
  readonly detail?: string;
  /** What to do about a warning or a failure. */
  readonly fix?: string;
}

export interface ConnectorCheck {
  readonly connector: string;
  readonly type: string;
  readonly items: readonly CheckItem[];
}

export const ok = (what: string, detail?: string): CheckItem => ({
  status: 'ok',
  what,
  ...(detail ? { detail } : {}),
});

export const warn = (what: string, detail: string, fix?: string): CheckItem => ({
  status: 'warn',
  what,
  detail,
  ...(fix ? { fix } : {}),
});

export const fail = (what: string, detail: string, fix: string): CheckItem => ({
  status: 'fail',
  what,
  detail,
  fix,
});

/** True when nothing a connector needs is missing (warnings allowed). */
export function checkPassed(checks: readonly ConnectorCheck[]): boolean {
  return checks.every((check) => check.items.every((item) => item.status !== 'fail'));
}
