import type { Random } from '../random.ts';
import { categoricalIndex, clamp, lognormal, normal, weighted } from '../samplers.ts';
import {
  type IndustryInfo,
  industries,
  nameFirstWords,
  nameSecondWords,
  nameSyllables,
} from '../vocab/companies.ts';
import { type CountryInfo, countries } from '../vocab/geography.ts';
import { type PlanName, planOrder, salesTeam } from '../vocab/product.ts';
import { asciiSlug, type DomainRegistry } from './domains.ts';

/** Who the company is: everything about an account that does not depend on its behaviour. */
export interface Firmographics {
  readonly name: string;
  readonly domain: string;
  readonly industry: IndustryInfo;
  readonly employees: number;
  readonly annualRevenue: number;
  readonly country: CountryInfo;
  readonly timezone: string;
  readonly city: string;
  readonly ownerId: string;
  /** The plan this company would buy, from its size. */
  readonly plan: PlanName;
  /** Product fit on the log-odds scale: industry, size sweet spot and an unobserved part. */
  readonly fit: number;
}

const countryTable = countries.map((country) => ({ weight: country.weight, value: country }));
const industryTable = industries.map((industry) => ({ weight: industry.weight, value: industry }));

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function companyName(rng: Random, industry: IndustryInfo): { name: string; stem: string } {
  const style = rng.next();
  let core: string;
  if (style < 0.45) {
    const syllables = rng.int(2, 3);
    let coined = '';
    for (let i = 0; i < syllables; i++) coined += rng.pick(nameSyllables);
    core = capitalise(coined);
  } else if (style < 0.8) {
    core = rng.pick(nameFirstWords) + rng.pick(nameSecondWords);
  } else {
    core = `${rng.pick(nameFirstWords)} ${capitalise(rng.pick(nameSecondWords))}`;
  }
  const withSuffix = rng.chance(0.6);
  const name = withSuffix ? `${core} ${rng.pick(industry.suffixes)}` : core;
  const stem = asciiSlug(withSuffix && rng.chance(0.4) ? name : core);
  return { name, stem };
}

/** log10(employees) decides the plan: small teams buy Starter, large ones Enterprise. */
function planFor(rng: Random, employees: number): PlanName {
  const size = Math.log10(employees);
  const weights = [Math.exp(3 - 1.6 * size), Math.exp(0.5), Math.exp(-5 + 1.7 * size)];
  return planOrder[categoricalIndex(rng, weights)] as PlanName;
}

/** Mid-sized companies (50-2,000 staff) are the product's sweet spot. */
function sizeFit(employees: number): number {
  const size = Math.log10(employees);
  if (size < 1.2) return -0.45;
  if (size < 1.7) return 0;
  if (size <= 3.3) return 0.35;
  return 0.05;
}

export function generateFirmographics(rng: Random, domains: DomainRegistry): Firmographics {
  const industry = weighted(rng, industryTable);
  const country = weighted(rng, countryTable);
  const employees = Math.round(clamp(lognormal(rng, Math.log(120), 1.3), 3, 60_000));
  const revenue = employees * industry.revenuePerEmployee * lognormal(rng, 0, 0.35);
  const { name, stem } = companyName(rng, industry);
  const tld =
    country.tld === 'com' || rng.chance(0.45) ? rng.pick(['com', 'com', 'com', 'io', 'co']) : country.tld;
  return {
    name,
    domain: domains.claim(stem, tld),
    industry,
    employees,
    annualRevenue: Math.round(revenue / 1000) * 1000,
    country,
    timezone: rng.pick(country.zones),
    city: rng.pick(country.cities),
    ownerId: rng.pick(salesTeam),
    plan: planFor(rng, employees),
    fit: industry.fit + sizeFit(employees) + normal(rng, 0, 0.35),
  };
}
