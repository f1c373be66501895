/**
 * Optimal-string-alignment distance (Damerau-Levenshtein restricted to non-overlapping
 * transpositions): a swapped pair of letters, the most common typo ("salesfroce"), counts as one edit.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** How many edits still read as a typo of a word this long, rather than a different word. */
function typoBudget(length: number): number {
  if (length <= 3) return 1;
  return Math.ceil(length * 0.34);
}

/** Case and separators carry no meaning for a suggestion: `Access_Token` is a typo of `accessToken`. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The candidate the user most likely meant, or undefined when nothing is close enough to be a typo.
 * Ties go to the earlier candidate, so suggestions are stable for a given candidate order.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const target = normalize(word);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(target, normalize(candidate));
    const budget = typoBudget(Math.max(target.length, normalize(candidate).length));
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Quoted, comma-separated list for hints: `'a', 'b' or 'c'` (alternatives) or `... and 'c'` (an inventory). */
export function quoteList(values: readonly unknown[], conjunction: 'or' | 'and' = 'or', limit = 12): string {
  const quoted = values.slice(0, limit).map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  if (values.length > limit) quoted.push(`${values.length - limit} more`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** "did you mean 'x'?" when a close candidate exists, else the list of what is allowed. */
export function suggestionHint(word: string, candidates: readonly string[]): string | undefined {
  const match = closest(word, candidates);
  if (match !== undefined && match !== word) return `did you mean '${match}'?`;
  if (candidates.length === 0) return undefined;
  return `expected ${quoteList(candidates)}`;
}
