import { z } from 'zod';
import type { CustomerHistory, SpendHistory } from './types.ts';

const customerHistorySchema = z
  .object({
    frequency: z.number().int().nonnegative(),
    recency: z.number().finite().nonnegative(),
    age: z.number().finite().nonnegative(),
  })
  .refine((c) => c.recency <= c.age + 1e-9, { message: 'recency (t_x) must not exceed age (T)' })
  .refine((c) => c.frequency > 0 || c.recency === 0, {
    message: 'recency must be 0 when frequency is 0 (no repeat purchase)',
  });

const spendHistorySchema = z.object({
  frequency: z.number().int().positive(),
  monetaryValue: z.number().finite().positive(),
});

/** Checks every record and reports the first bad one by index (and customerId when present). */
export function validateCustomerHistories(customers: readonly CustomerHistory[], where: string): void {
  validateAll(customerHistorySchema, customers, where, 'a customer history {frequency, recency, age}');
}

export function validateSpendHistories(customers: readonly SpendHistory[], where: string): void {
  validateAll(
    spendHistorySchema,
    customers,
    where,
    'a repeat customer {frequency > 0, monetaryValue > 0}; drop one-time buyers and $0 averages first',
  );
}

function validateAll(schema: z.ZodType, rows: readonly unknown[], where: string, expected: string): void {
  if (rows.length === 0) throw new Error(`${where}: no customers given; need at least one`);
  for (let i = 0; i < rows.length; i++) {
    const result = schema.safeParse(rows[i]);
    if (!result.success) {
      const row = rows[i] as { customerId?: unknown };
      const id =
        row && typeof row === 'object' && 'customerId' in row
          ? ` (customerId ${String(row.customerId)})`
          : '';
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || 'record';
      throw new Error(
        `${where}: customer #${i}${id}, field ${field}: ${issue?.message}; expected ${expected}`,
      );
    }
  }
}
