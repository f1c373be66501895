/**
 * Reader for the CDNOW transaction logs distributed by Bruce Hardie (the data of Fader,
 * Hardie & Lee 2005), the public benchmark the BG/NBD implementation is checked against.
 * - 'master': header line, then `customer_id YYYYMMDD number_of_cds dollar_value`;
 * - 'sample': no header, `master_id sample_id YYYYMMDD cds dollars`; customers are keyed
 *   by the sample id as in the paper.
 */
import type { Transaction } from './rfm.ts';

export type CdnowLayout = 'master' | 'sample';

export interface CdnowTransaction extends Transaction {
  readonly date: string;
  readonly quantity: number;
}

export function parseCdnowTransactions(
  text: string,
  layout: CdnowLayout,
  source: string,
): CdnowTransaction[] {
  const lines = text.split(/\r?\n/);
  const expectedFields = layout === 'master' ? 4 : 5;
  const transactions: CdnowTransaction[] = [];
  lines.forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    if (layout === 'master' && index === 0 && !/^\d/.test(fields[0] ?? '')) return;
    const where = `${source}:${index + 1}`;
    if (fields.length !== expectedFields) {
      throw new Error(
        `${where}: expected ${expectedFields} whitespace-separated fields (${layout} layout), got ${fields.length}`,
      );
    }
    const [customerId, date, quantity, amount] = layout === 'master' ? fields : fields.slice(1);
    if (!/^\d{8}$/.test(date!)) throw new Error(`${where}: date ${JSON.stringify(date)} is not YYYYMMDD`);
    const parsedQuantity = Number(quantity);
    const parsedAmount = Number(amount);
    if (!Number.isFinite(parsedQuantity) || !Number.isFinite(parsedAmount)) {
      throw new Error(
        `${where}: quantity ${JSON.stringify(quantity)} / amount ${JSON.stringify(amount)} must be numbers`,
      );
    }
    transactions.push({
      customerId: customerId!,
      date: date!,
      quantity: parsedQuantity,
      amount: parsedAmount,
    });
  });
  return transactions;
}
