import type { CheckItem, ConnectorCheck } from '../../core/connectors/check.ts';

const MARK: Record<CheckItem['status'], string> = { ok: '✓', warn: '!', fail: '✗' };

const TYPE_NAMES: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
  file: 'files',
};

/**
 * The check as people read it: per connector, one line per thing checked (✓ there, ! worth
 * knowing, ✗ missing) with what was found and, under a problem, what to do; then one verdict.
 */
export function formatCheck(checks: readonly ConnectorCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    const failed = check.items.filter((item) => item.status === 'fail').length;
    const verdict = failed === 0 ? 'ready' : `${failed} problem${failed === 1 ? '' : 's'}`;
    lines.push(`${check.connector} (${TYPE_NAMES[check.type] ?? check.type}): ${verdict}`);
    for (const item of check.items) {
      lines.push(`  ${MARK[item.status]} ${item.what}${item.detail ? `: ${item.detail}` : ''}`);
      if (item.fix && item.status === 'fail') lines.push(`      fix: ${item.fix}`);
      else if (item.fix && item.status === 'warn') lines.push(`      note: ${item.fix}`);
    }
    lines.push('');
  }
  const problems = checks.flatMap((check) =>
    check.items.filter((item) => item.status === 'fail').map(() => check.connector),
  );
  if (checks.length === 0) lines.push('No connector to check.');
  else if (problems.length === 0)
    lines.push(
      `Everything scorebridge needs is in place (${checks.length} connector${checks.length === 1 ? '' : 's'} checked).`,
    );
  else {
    const connectors = [...new Set(problems)];
    lines.push(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix in ${connectors.join(', ')}; run the check again after fixing.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
