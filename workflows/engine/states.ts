export const ENROLLMENT_STATES = ['active', 'completed', 'exited'] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

/** The whole lifecycle: an enrollment only ever leaves `active`, and never comes back. */
export const ENROLLMENT_TRANSITIONS: Readonly<Record<EnrollmentState, readonly EnrollmentState[]>> = {
  active: ['completed', 'exited'],
  completed: [],
  exited: [],
};

export function canTransition(from: EnrollmentState, to: EnrollmentState): boolean {
  return ENROLLMENT_TRANSITIONS[from].includes(to);
}

export const STEP_OUTCOMES = ['sent', 'skipped', 'deferred'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];
