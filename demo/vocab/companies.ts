/** Building blocks for company names, and the industries demo companies work in. */

export const nameSyllables = ['zen', 'tri', 'nor', 'va', 'lux', 'qua', 'ter', 'ra', 'mo', 'pix', 'vel', 'cor',
  'ly', 'bri', 'sol', 'dex', 'ar', 'on', 'fin', 'ka', 'gri', 'tel', 'vo', 'mi', 'neo', 'ax', 'syn', 'or',
  'bel', 'cas', 'ta', 'ri', 'no', 'lo', 'ven', 'zo', 'qui', 'ne', 'sa', 'da'];

export const nameFirstWords = ['Blue', 'North', 'Bright', 'Iron', 'Silver', 'Clear', 'Swift', 'Red', 'Green',
  'Summit', 'Harbor', 'Pine', 'Cedar', 'Maple', 'Stone', 'River', 'Falcon', 'Atlas', 'Orbit', 'Beacon',
  'Cobalt', 'Quartz', 'Nimbus', 'Vertex', 'Lumen', 'Pioneer', 'Copper', 'Oak', 'Crystal', 'Sky'];

export const nameSecondWords = ['peak', 'line', 'path', 'field', 'works', 'gate', 'bridge', 'point', 'stack',
  'wave', 'light', 'forge', 'scale', 'loop', 'craft', 'view', 'mark', 'base'];

export interface IndustryInfo {
  readonly name: string;
  readonly weight: number;
  /** How well the product suits the industry: shifts lead conversion (log-odds scale). */
  readonly fit: number;
  readonly suffixes: readonly string[];
  /** Revenue per employee in USD, median. */
  readonly revenuePerEmployee: number;
}

export const industries: readonly IndustryInfo[] = [
  { name: 'Software', weight: 18, fit: 0.7, suffixes: ['Labs', 'Software', 'Technologies', 'Cloud', 'AI'], revenuePerEmployee: 220_000 },
  { name: 'Financial Services', weight: 10, fit: 0.4, suffixes: ['Capital', 'Financial', 'Partners', 'Pay'], revenuePerEmployee: 300_000 },
  { name: 'Professional Services', weight: 11, fit: 0.3, suffixes: ['Consulting', 'Partners', 'Group', 'Advisory'], revenuePerEmployee: 160_000 },
  { name: 'Media & Marketing', weight: 8, fit: 0.25, suffixes: ['Media', 'Studio', 'Digital', 'Agency'], revenuePerEmployee: 150_000 },
  { name: 'Retail & E-commerce', weight: 10, fit: 0.0, suffixes: ['Commerce', 'Store', 'Brands', 'Goods'], revenuePerEmployee: 190_000 },
  { name: 'Healthcare', weight: 9, fit: -0.1, suffixes: ['Health', 'Care', 'Medical', 'Clinics'], revenuePerEmployee: 140_000 },
  { name: 'Logistics', weight: 7, fit: -0.25, suffixes: ['Logistics', 'Freight', 'Transport', 'Supply'], revenuePerEmployee: 170_000 },
  { name: 'Manufacturing', weight: 11, fit: -0.35, suffixes: ['Industries', 'Manufacturing', 'Works', 'Robotics'], revenuePerEmployee: 210_000 },
  { name: 'Education', weight: 8, fit: -0.5, suffixes: ['Learning', 'Academy', 'Education', 'Institute'], revenuePerEmployee: 90_000 },
  { name: 'Non-profit', weight: 8, fit: -0.7, suffixes: ['Foundation', 'Alliance', 'Trust', 'Network'], revenuePerEmployee: 70_000 },
];
