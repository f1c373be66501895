/**
 * The merge rule for field values: when several source records describe one entity, each field
 * takes the non-empty value from the most recently updated live record; ties go to the system
 * listed first in `identity.systemPriority`, then to the lexically smallest source key, so the
 * outcome never depends on the order records arrived in.
 */

export interface SourceVersion<T> {
  readonly key: string;
  readonly system: string;
  readonly updatedAt: string;
  readonly deleted: boolean;
  readonly data: T;
}

export function rankVersions<T>(
  versions: readonly SourceVersion<T>[],
  systemPriority: readonly string[],
): SourceVersion<T>[] {
  const priority = (system: string): number => {
    const index = systemPriority.indexOf(system);
    return index === -1 ? systemPriority.length : index;
  };
  return [...versions].sort(
    (a, b) =>
      (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0) ||
      priority(a.system) - priority(b.system) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Picks each field from the best-ranked live version that has it. */
export function survive<T extends object>(
  versions: readonly SourceVersion<T>[],
  fields: readonly (keyof T)[],
  systemPriority: readonly string[],
): Partial<T> {
  const live = rankVersions(
    versions.filter((version) => !version.deleted),
    systemPriority,
  );
  const result: Partial<T> = {};
  for (const field of fields) {
    for (const version of live) {
      const value = version.data[field];
      if (!isEmpty(value)) {
        result[field] = value;
        break;
      }
    }
  }
  return result;
}

/** Merges flat property bags with the same precedence as `survive`, key by key. */
export function surviveProperties(
  versions: readonly SourceVersion<{ properties?: Record<string, unknown> }>[],
  systemPriority: readonly string[],
): Record<string, unknown> {
  const live = rankVersions(
    versions.filter((version) => !version.deleted),
    systemPriority,
  );
  const result: Record<string, unknown> = {};
  for (let i = live.length - 1; i >= 0; i--) {
    for (const [key, value] of Object.entries(live[i]!.data.properties ?? {})) {
      if (!isEmpty(value)) result[key] = value;
    }
  }
  return result;
}
