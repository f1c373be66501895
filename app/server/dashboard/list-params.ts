import { z } from 'zod';

export const PAGE_SIZES = [25, 50, 100] as const;

/** The query string of a list page (and of its CSV export): search, filters, sort and page. */
export const listParamsSchema = z.object({
  q: z.string().trim().max(200, 'the search is limited to 200 characters').default(''),
  model: z.string().max(80).default(''),
  tier: z.string().max(80).default(''),
  owner: z.string().max(200).default(''),
  segment: z.string().max(300).default(''),
  workflow: z.string().max(300).default(''),
  sort: z.string().max(80).default(''),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce
    .number()
    .int('page must be a whole number')
    .min(1, 'page starts at 1')
    .max(1_000_000)
    .default(1),
  per: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), 'per must be 25, 50 or 100')
    .default(50),
});
export type ListParams = z.output<typeof listParamsSchema>;

/** The parsed parameters, or what is wrong with them in words (naming the parameter). */
export function parseListParams(query: unknown): { params: ListParams } | { error: string } {
  const parsed = listParamsSchema.safeParse(query);
  if (parsed.success) return { params: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'query';
  const message = issue.code === 'invalid_type' ? `${field} must be given once, as text` : issue.message;
  return { error: `The address has a bad "${field}" parameter: ${message}.` };
}

/** The same list with some parameters changed (page reset unless given), as a query string. */
export function listHref(base: string, params: ListParams, change: Partial<ListParams>): string {
  const next: Partial<ListParams> = { ...params, page: 1, ...change };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (
      value === undefined ||
      value === '' ||
      (key === 'page' && value === 1) ||
      (key === 'per' && value === 50)
    )
      continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
