import { type ConfigIssue, issueAt, referenceHint, type YamlSource } from '../../core/config/index.ts';

const SEQUENCE_ACTIONS = new Set(['enroll_in_sequence', 'remove_from_sequence']);

export interface LoadedFile {
  readonly source: YamlSource;
  /** The workflow name the file declares, or its file name. */
  readonly name: string;
}

/**
 * enroll_in_sequence and remove_from_sequence name another workflow file, so they can only be
 * checked once every file is read. Read from the raw documents so a bad name is reported even when
 * the naming file has other errors.
 */
export function sequenceReferenceIssues(files: readonly LoadedFile[]): ConfigIssue[] {
  const names = files.map((file) => file.name);
  const known = new Set(names);
  return files.flatMap(({ source }) => {
    const data = source.data as { steps?: unknown } | null;
    const steps = typeof data === 'object' && data !== null && Array.isArray(data.steps) ? data.steps : [];
    return steps.flatMap((step: unknown, index) => {
      const { action, sequence } = (typeof step === 'object' && step !== null ? step : {}) as Record<
        string,
        unknown
      >;
      if (typeof action !== 'string' || !SEQUENCE_ACTIONS.has(action)) return [];
      if (typeof sequence !== 'string' || known.has(sequence)) return [];
      return [
        issueAt(
          source,
          ['steps', index, 'sequence'],
          `unknown workflow '${sequence}'`,
          referenceHint(sequence, names, 'workflow'),
        ),
      ];
    });
  });
}
