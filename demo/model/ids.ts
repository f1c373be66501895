/** Sequential, zero-padded record ids per kind, in generation order: "con_0000042". */
export class IdSequence {
  private contacts = 0;
  private deals = 0;
  private marketing = 0;

  account(index: number): string {
    return `acc_${String(index + 1).padStart(6, '0')}`;
  }

  nextContact(): string {
    this.contacts++;
    return `con_${String(this.contacts).padStart(7, '0')}`;
  }

  nextDeal(): string {
    this.deals++;
    return `deal_${String(this.deals).padStart(6, '0')}`;
  }

  nextMarketing(): string {
    this.marketing++;
    return `mkt_${String(this.marketing).padStart(6, '0')}`;
  }
}

/** Event ids follow file order, so they are numbered by the writer. */
export function eventId(sequence: number): string {
  return `evt_${String(sequence).padStart(9, '0')}`;
}
