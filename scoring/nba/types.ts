/**
 * Next-best-action vocabulary. `Ctx` is whatever the caller knows about a customer at
 * decision time (a feature row, a CRM record); the NBA code never looks inside it except
 * through the predicates and feature functions it is given.
 */
export interface Action<Ctx> {
  readonly id: string;
  readonly label: string;
  /** Cost of taking the action in reward units; policies maximise predicted reward − cost. */
  readonly cost?: number;
  /** Pure predicate: may this action be offered in this context? Absent = always eligible. */
  readonly eligible?: (context: Ctx) => boolean;
}

/** One logged decision: what was done, with which probability, and what happened. */
export interface LoggedDecision<Ctx> {
  readonly context: Ctx;
  readonly action: string;
  /** Probability with which the logging policy chose `action` for this context (0, 1]. */
  readonly propensity: number;
  readonly reward: number;
}

/** A deterministic policy: the action id to take for a context (`index` = position in a log). */
export type Policy<Ctx> = (context: Ctx, index: number) => string;

/** A decision made online, with the propensity that must be logged alongside it. */
export interface Decision {
  readonly actionId: string;
  readonly propensity: number;
}
