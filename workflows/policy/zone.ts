import { type DeliveryPolicy, isValidTimeZone } from './schema.ts';

export interface ResolvedZone {
  readonly zone: string;
  /** Why the fallback zone was used; absent when the contact's own zone applies. */
  readonly fallbackReason?: string;
}

/** The contact's IANA zone when usable, otherwise the policy's fallback zone (Customer.io behaviour). */
export function resolveTimeZone(
  contactTimeZone: string | null | undefined,
  policy: DeliveryPolicy,
): ResolvedZone {
  const trimmed = contactTimeZone?.trim();
  if (!trimmed) {
    return {
      zone: policy.fallbackTimeZone,
      fallbackReason: `contact has no time zone; using fallback ${policy.fallbackTimeZone}`,
    };
  }
  if (!isValidTimeZone(trimmed)) {
    return {
      zone: policy.fallbackTimeZone,
      fallbackReason: `contact time zone "${trimmed}" is not an IANA zone; using fallback ${policy.fallbackTimeZone}`,
    };
  }
  return { zone: trimmed };
}
