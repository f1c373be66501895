import {
  type DeliveryPolicy,
  type DeliveryPolicyInput,
  deliveryPolicySchema,
} from '../../../../workflows/policy/index.ts';

export const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function policy(overrides: DeliveryPolicyInput = {}): DeliveryPolicy {
  return deliveryPolicySchema.parse(overrides);
}

export function at(iso: string): Date {
  return new Date(iso);
}
