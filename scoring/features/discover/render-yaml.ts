import { Document, isMap, isScalar } from 'yaml';
import type { EntityType } from '../../../core/schema/index.ts';
import { percentText, plural } from './names.ts';
import type { DiscoveryReport, EntityDiscovery } from './types.ts';

/**
 * The feature file `features discover --write FILE` writes: the proposed features per entity type,
 * in the vocabulary of the built-in catalog, each under a comment saying how it was found, and the
 * candidates left out listed at the end with the reason. Valid per featureFileSchema; users list
 * it in scoring.featureFiles and edit it like any other feature file.
 */
export interface RenderOptions {
  /** The file as scoring.featureFiles lists it (relative to the config's folder). */
  readonly listedAs: string;
}

function header(report: DiscoveryReport, options: RenderOptions): string {
  return [
    ` Features discovered by \`scorebridge features discover\` as of ${report.asOf.slice(0, 10)}`,
    ` (min coverage ${percentText(report.minCoverage)}, leakage bar AUC ${report.leakAuc}).`,
    ' Each feature says how it was found; candidates left out are listed at the end with the reason.',
    ' Edit freely (delete what you do not want, reword labels); discover --write rewrites the file.',
    '',
    ' Use it: in scorebridge.yaml add',
    '   scoring:',
    `     featureFiles: [${options.listedAs}]`,
    ' then `scorebridge train`; `scorebridge report` shows which features came from this file.',
  ].join('\n');
}

function droppedComment(entities: readonly EntityDiscovery[]): string | null {
  const lines: string[] = [];
  for (const entity of entities) {
    if (entity.dropped.length === 0) continue;
    lines.push(` Left out (${plural(entity.entityType)}):`);
    for (const d of entity.dropped) lines.push(`   ${d.subject}: ${d.detail}`);
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

export function renderFeatureFile(report: DiscoveryReport, options: RenderOptions): string {
  const features: Partial<Record<EntityType, Record<string, unknown>>> = {};
  for (const entity of report.entities)
    features[entity.entityType] = Object.fromEntries(entity.proposed.map((p) => [p.name, p.definition]));
  const doc = new Document({ features });
  doc.commentBefore = header(report, options);
  for (const entity of report.entities) {
    const map = doc.getIn(['features', entity.entityType], true);
    if (!isMap(map)) continue;
    if (entity.proposed.length === 0) {
      map.commentBefore = ` nothing proposed for ${plural(entity.entityType)}`;
      continue;
    }
    entity.proposed.forEach((proposal, i) => {
      const pair = map.items[i]!;
      const lines = [proposal.found, ...(proposal.note ? [`note: ${proposal.note}`] : [])];
      if (isScalar(pair.key)) pair.key.commentBefore = lines.map((line) => ` ${line}`).join('\n');
      if (isMap(pair.value)) {
        // Conditions read best on one line, as in the built-in catalog.
        const where = pair.value.get('where', true);
        if (isMap(where)) where.flow = true;
      }
    });
  }
  const dropped = droppedComment(report.entities);
  if (dropped) doc.comment = dropped;
  return doc.toString({ lineWidth: 0 });
}
