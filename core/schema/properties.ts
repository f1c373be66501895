import { z } from 'zod';

/** Provider fields we do not model explicitly travel along as flat scalar properties. */
export const propertyValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const propertiesSchema = z.record(z.string(), propertyValueSchema);
export type Properties = z.infer<typeof propertiesSchema>;
