/** Edit distance, used to suggest the column a user probably meant. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The candidate closest to `name` ignoring case and surrounding spaces, or undefined when none is close. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshtein(wanted, candidate.trim().toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Beyond half the name's length the "suggestion" is noise rather than a likely typo.
  return bestDistance <= Math.max(2, Math.ceil(wanted.length / 2)) ? best : undefined;
}

export function unknownColumnMessage(
  kind: string,
  name: string,
  columns: readonly string[],
  source: string,
): string {
  const suggestion = closestName(name, columns);
  const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
  return `${kind} column '${name}' not found in ${source}.${hint} Columns: ${columns.map((c) => `'${c}'`).join(', ')}`;
}
