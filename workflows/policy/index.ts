export { addBusinessDays, addDelay } from './add-delay.ts';
export {
  allowedIntervals,
  isBusinessDay,
  isSendDay,
  type MinuteInterval,
  parseTimeRange,
} from './day-rules.ts';
export { type DeliveryContext, decideDelivery } from './decide.ts';
export type { Decision } from './decision.ts';
export { capWindowMs, frequencyCapDecision, type SentMessage } from './frequency-cap.ts';
export { MAX_SEARCH_DAYS, nextSendableInstant, unsendableReason } from './next-sendable.ts';
export * from './schema.ts';
export { instantAtWall, type WallTime, wallTimeAt } from './wall-clock.ts';
export { type ResolvedZone, resolveTimeZone } from './zone.ts';
