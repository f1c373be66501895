import { clamp } from '../samplers.ts';
import { popcount, type WeeklyLedger } from './ledger.ts';

/**
 * The causal core of the demo: the weekly log-hazards of churn and of lead conversion are
 * functions of behaviour a scoring model can observe (windows of 4 and 8 weeks, like a model's
 * "last 30 days" features), plus an unobserved per-account frailty that keeps the problem honest.
 */

export interface ChurnSignals {
  /** log((logins last 4 weeks + 1) / (logins the 4 weeks before + 1)), clamped to +-2.5. */
  readonly loginTrend: number;
  /** Distinct features used in the last 8 weeks. */
  readonly featureBreadth: number;
  /** Severity-weighted support tickets in the last 8 weeks. */
  readonly ticketLoad: number;
  /** Contacts active in the last 4 weeks / provisioned seats. */
  readonly seatUtilisation: number;
  readonly singleActiveUser: boolean;
  /** No login at all in the last 4 weeks. */
  readonly dormant: boolean;
}

export function churnSignals(ledger: WeeklyLedger, week: number, seats: number): ChurnSignals {
  const recent = ledger.sum(ledger.logins, week, 4);
  const previous = ledger.sum(ledger.logins, week - 4, 4);
  const activeUsers = popcount(ledger.union(ledger.activeMask, week, 4));
  return {
    loginTrend: clamp(Math.log((recent + 1) / (previous + 1)), -2.5, 2.5),
    featureBreadth: popcount(ledger.union(ledger.featureMask, week, 8)),
    ticketLoad: ledger.sum(ledger.ticketLoad, week, 8),
    seatUtilisation: Math.min(1, activeUsers / Math.max(1, seats)),
    singleActiveUser: activeUsers === 1,
    dormant: recent === 0,
  };
}

export interface ChurnContext {
  /** Latent account health: what the usage signals are noisy measurements of. */
  readonly health: number;
  /** Plan effect: cheaper plans churn more. */
  readonly planShift: number;
  /** Customers in their first quarter churn more. */
  readonly newCustomer: boolean;
  /** Unobserved account-level frailty. */
  readonly frailty: number;
}

const CHURN_BASE = -4.3;

export function churnLogHazard(signals: ChurnSignals, context: ChurnContext): number {
  return (
    CHURN_BASE -
    0.5 * context.health -
    0.8 * signals.loginTrend -
    0.2 * signals.featureBreadth +
    0.6 * Math.log1p(signals.ticketLoad) -
    1.5 * signals.seatUtilisation +
    (signals.singleActiveUser ? 0.6 : 0) +
    (signals.dormant ? 1.4 : 0) +
    context.planShift +
    (context.newCustomer ? 0.4 : 0) +
    context.frailty
  );
}

export interface ConversionSignals {
  readonly clicks: number;
  readonly replies: number;
  readonly pricingViews: number;
  readonly forms: number;
  readonly meetings: number;
  readonly deciderTouches: number;
  readonly trialLogins: number;
}

export function conversionSignals(ledger: WeeklyLedger, week: number): ConversionSignals {
  return {
    clicks: ledger.sum(ledger.emailClicks, week, 4),
    replies: ledger.sum(ledger.emailReplies, week, 4),
    pricingViews: ledger.sum(ledger.pricingViews, week, 4),
    forms: ledger.sum(ledger.formSubmits, week, 4),
    meetings: ledger.sum(ledger.meetings, week, 4),
    deciderTouches: ledger.sum(ledger.deciderTouches, week, 4),
    trialLogins: ledger.sum(ledger.logins, week, 2),
  };
}

export interface ConversionContext {
  /** Latent buying interest: what the engagement signals are noisy measurements of. */
  readonly interest: number;
  /** Industry and company-size fit, partly unobserved. */
  readonly fit: number;
  readonly dealOpen: boolean;
  readonly frailty: number;
}

const CONVERSION_BASE = -8.4;

export function conversionLogHazard(signals: ConversionSignals, context: ConversionContext): number {
  return (
    CONVERSION_BASE +
    1.2 * context.interest +
    0.5 * Math.log1p(signals.clicks) +
    0.8 * Math.log1p(signals.replies) +
    0.7 * Math.log1p(signals.pricingViews) +
    0.5 * Math.log1p(signals.forms) +
    0.8 * Math.log1p(signals.meetings) +
    0.6 * Math.log1p(signals.deciderTouches) +
    0.6 * Math.log1p(signals.trialLogins) +
    context.fit +
    (context.dealOpen ? 1.5 : 0) +
    context.frailty
  );
}
