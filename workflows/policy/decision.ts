/** What the delivery policy says about one intended send. */
export type Decision =
  | { readonly kind: 'send'; readonly at: Date }
  | { readonly kind: 'defer'; readonly until: Date; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };
