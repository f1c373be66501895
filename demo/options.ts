import { z } from 'zod';
import { DEFAULT_BAD_ROWS_RATE, DEFAULT_OUT_DIR, MAX_CONTACTS } from './defaults.ts';
import { DEFAULT_AS_OF, parseAsOf } from './time.ts';

export { DEFAULT_BAD_ROWS_RATE, DEFAULT_OUT_DIR, MAX_CONTACTS };

export interface DemoDataOptions {
  /** How many CRM contacts to generate (accounts follow: 2-8 contacts each). */
  readonly contacts: number;
  readonly seed: number;
  readonly outDir: string;
  /** "Now" of the generated business; default 2026-11-01T00:00:00Z. Never the wall clock. */
  readonly asOf?: string;
  /** Share of rows per file given a data-quality problem; default 0.002. */
  readonly badRowsRate?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export const demoDataOptionsSchema = z.object({
  contacts: z
    .number({ error: 'contacts must be a number' })
    .int('contacts must be a whole number')
    .min(1, 'contacts must be at least 1')
    .max(MAX_CONTACTS, `contacts must be at most ${MAX_CONTACTS.toLocaleString('en-US')}`),
  seed: z
    .number({ error: 'seed must be a number' })
    .int('seed must be a whole number')
    .min(0, 'seed must be 0 or more')
    .max(0xffffffff, 'seed must fit in 32 bits (at most 4294967295)'),
  outDir: z.string().trim().min(1, 'outDir must name a directory'),
  asOf: z
    .string()
    .default(DEFAULT_AS_OF)
    .transform((value, ctx) => {
      try {
        return parseAsOf(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  badRowsRate: z
    .number({ error: 'badRowsRate must be a number' })
    .min(0, 'badRowsRate must be between 0 and 0.5')
    .max(0.5, 'badRowsRate must be between 0 and 0.5')
    .default(DEFAULT_BAD_ROWS_RATE),
});

export interface ResolvedDemoOptions {
  readonly contacts: number;
  readonly seed: number;
  readonly outDir: string;
  readonly asOfMs: number;
  readonly badRowsRate: number;
}

/** Validates options; the error names each bad option and what is expected. */
export function resolveDemoOptions(options: DemoDataOptions): ResolvedDemoOptions {
  const parsed = demoDataOptionsSchema.safeParse({
    contacts: options.contacts,
    seed: options.seed,
    outDir: options.outDir,
    asOf: options.asOf,
    badRowsRate: options.badRowsRate,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new Error(`demo-data options are invalid: ${problems.join('; ')}`);
  }
  const { contacts, seed, outDir, asOf, badRowsRate } = parsed.data;
  return { contacts, seed, outDir, asOfMs: asOf, badRowsRate };
}
