import { z } from 'zod';
import { ltvParamsSchema } from './ltv-model.ts';
import type { LtvArtifact } from './ltv-trainer.ts';

export const LTV_MODEL_FORMAT = 'scorebridge.ltv-model';

const ltvArtifactSchema = z.object({
  format: z.literal(LTV_MODEL_FORMAT),
  version: z.literal(1),
  kind: z.literal('ltv'),
  horizonDays: z.number().int().positive(),
  params: ltvParamsSchema,
  valueQuantiles: z.array(z.number()).min(1),
});

export function ltvArtifactToJson(artifact: LtvArtifact): unknown {
  return { format: LTV_MODEL_FORMAT, version: 1, ...artifact };
}

export function parseLtvArtifact(json: unknown, where: string): LtvArtifact {
  const parsed = ltvArtifactSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${where}: not a ${LTV_MODEL_FORMAT} v1 artifact\n${z.prettifyError(parsed.error)}`);
  const { format: _format, version: _version, ...artifact } = parsed.data;
  return artifact;
}
