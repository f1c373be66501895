import type { DemoSummary } from './generate.ts';
import type { DemoFileKey } from './output/columns.ts';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The human summary the CLI prints after a run. */
export function formatDemoSummary(summary: DemoSummary): string {
  const { manifest } = summary;
  const header = ['file', 'rows', 'bad rows', 'size'];
  const body = (Object.keys(manifest.files) as DemoFileKey[]).map((key) => {
    const file = manifest.files[key];
    return [file.file, count(file.rows), key === 'truth' ? '-' : count(file.badRows), size(file.bytes)];
  });
  const widths = header.map((title, col) =>
    Math.max(title.length, ...body.map((row) => (row[col] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col] as number) : cell.padStart(widths[col] as number),
      )
      .join('  ');
  const status = summary.accountStatus;
  return [
    `Demo data written to ${summary.outDir}`,
    `seed ${manifest.seed}, as of ${manifest.asOf} (history from ${manifest.historyStart}), ${(summary.durationMs / 1000).toFixed(1)} s`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `accounts: ${count(status.prospect)} prospect, ${count(status.trial)} trial, ${count(status.active)} active, ${count(status.churned)} churned`,
    'truth.csv is ground truth for model checks (not imported); manifest.json describes the run.',
    '',
  ].join('\n');
}
