import { z } from 'zod';
import { checkBinaryInputs, countPositives, indicesByScoreDesc } from './validate.ts';

export const CampaignEconomicsSchema = z.object({
  /** Cost of one contact (mail, call minutes, discount given). */
  costPerContact: z.number().nonnegative(),
  /** Margin earned per conversion (not revenue: the money left after cost of goods). */
  marginPerConversion: z.number().nonnegative(),
  /** Customers the campaign would reach; defaults to the number of scored rows. */
  population: z.number().int().positive().optional(),
  /** One-off cost of the scoring project, charged to the targeted campaign only. */
  modelCost: z.number().nonnegative().default(0),
});
export type CampaignEconomics = z.input<typeof CampaignEconomicsSchema>;

export interface CampaignOutcome {
  readonly fractionTargeted: number;
  readonly contacts: number;
  readonly responseRate: number;
  readonly expectedConversions: number;
  readonly cost: number;
  readonly margin: number;
  readonly profit: number;
  /** profit / cost; NaN when nothing is spent. */
  readonly roi: number;
}

export interface CampaignComparison {
  readonly targeted: CampaignOutcome;
  readonly mass: CampaignOutcome;
  /** targeted.profit - mass.profit: what scoring is worth for this campaign. */
  readonly profitGain: number;
  /** Profit at each fraction 5 %, 10 %, ... 100 %, for choosing how deep to go. */
  readonly curve: readonly CampaignOutcome[];
  readonly bestFraction: number;
}

function outcome(
  fraction: number,
  topCount: number,
  topPositives: number,
  economics: z.output<typeof CampaignEconomicsSchema>,
  population: number,
  chargeModelCost: boolean,
): CampaignOutcome {
  const responseRate = topCount === 0 ? 0 : topPositives / topCount;
  const contacts = Math.round(fraction * population);
  const expectedConversions = responseRate * contacts;
  const cost = contacts * economics.costPerContact + (chargeModelCost ? economics.modelCost : 0);
  const margin = expectedConversions * economics.marginPerConversion;
  const profit = margin - cost;
  return {
    fractionTargeted: fraction,
    contacts,
    responseRate,
    expectedConversions,
    cost,
    margin,
    profit,
    roi: cost === 0 ? Number.NaN : profit / cost,
  };
}

/**
 * Profit of contacting the top `fractionTargeted` of customers by score against contacting
 * everyone (the mass campaign). Response rates come from labelled holdout or out-of-fold rows
 * and are scaled to `population`, so the answer reads in the user's own campaign size.
 */
export function campaignRoi(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  fractionTargeted: number,
  economicsInput: CampaignEconomics,
): CampaignComparison {
  checkBinaryInputs('campaignRoi', y, scores);
  if (!(fractionTargeted > 0 && fractionTargeted <= 1)) {
    throw new RangeError(`campaignRoi: fractionTargeted must be in (0, 1], got ${fractionTargeted}`);
  }
  const economics = CampaignEconomicsSchema.parse(economicsInput);
  const n = y.length;
  const population = economics.population ?? n;
  const order = indicesByScoreDesc(scores);
  const cumulativePositives = new Int32Array(n + 1);
  for (let k = 0; k < n; k++)
    cumulativePositives[k + 1] = (cumulativePositives[k] as number) + (y[order[k] as number] === 1 ? 1 : 0);
  const at = (fraction: number, chargeModelCost: boolean): CampaignOutcome => {
    const top = Math.max(1, Math.round(fraction * n));
    return outcome(fraction, top, cumulativePositives[top] as number, economics, population, chargeModelCost);
  };
  const targeted = at(fractionTargeted, true);
  const mass = outcome(1, n, countPositives(y), economics, population, false);
  const curve: CampaignOutcome[] = [];
  for (let step = 1; step <= 20; step++) curve.push(at(step / 20, true));
  let best = curve[0] as CampaignOutcome;
  for (const point of curve) if (point.profit > best.profit) best = point;
  return {
    targeted,
    mass,
    profitGain: targeted.profit - mass.profit,
    curve,
    bestFraction: best.fractionTargeted,
  };
}
