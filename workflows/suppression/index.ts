export { suppressionMigrations } from './migrations.ts';
export {
  SUPPRESSION_REASONS,
  type Suppression,
  type SuppressionReason,
  suppress,
  suppressionCounts,
  suppressionKey,
  suppressionOf,
  unsuppress,
} from './suppression-list.ts';
export {
  signUnsubscribeToken,
  type UnsubscribeSubject,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from './unsubscribe-token.ts';
