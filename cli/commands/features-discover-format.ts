import { formatTable } from '../../app/table.ts';
import { percentText, plural } from '../../scoring/features/discover/names.ts';
import type {
  DiscoveryReport,
  EntityDiscovery,
  ProposedFeature,
} from '../../scoring/features/discover/types.ts';
import type { FeatureDefinitionInput } from '../../scoring/features/vocabulary/schema.ts';

/** What a proposed feature computes, in a few words: "count 30d", "days since last", "category". */
export function measureWords(d: FeatureDefinitionInput): string {
  const window = d.window ? ` ${d.window}` : '';
  if (d.count !== undefined) return `count${window}${d.where ? ' filtered' : ''}`;
  if (d.days_since_last !== undefined) return 'days since last';
  if (d.trend !== undefined) return `trend ${d.recent} vs ${d.previous}`;
  if (d.distinct === 'person') return `people${window}`;
  if (d.average !== undefined) return `average${window}`;
  if (d.property !== undefined) return d.type === 'number' ? 'number' : 'category';
  return 'other';
}

const SOURCE_WORDS: Record<ProposedFeature['source'], string> = {
  event: 'event',
  event_property: 'event property',
  crm_property: 'CRM property',
};

function leakText(p: { readonly leak?: { readonly auc: number } | undefined }): string {
  return p.leak ? p.leak.auc.toFixed(2) : '-';
}

function entitySection(entity: EntityDiscovery): string[] {
  const noun = plural(entity.entityType);
  const lines = [
    `${noun}: ${entity.population.toLocaleString('en-US')} live; ${entity.proposed.length} features proposed, ${entity.dropped.length} candidates left out`,
  ];
  if (entity.proposed.length > 0)
    lines.push(
      '',
      'proposed:',
      formatTable(
        ['feature', 'measure', 'from', 'coverage', 'count', 'leak AUC'],
        entity.proposed.map((p) => [
          p.name,
          measureWords(p.definition),
          `${SOURCE_WORDS[p.source]} ${p.subject}`,
          percentText(p.coverage),
          p.count,
          leakText(p),
        ]),
      ),
    );
  const notes = entity.proposed.filter((p) => p.note).map((p) => `  ${p.name}: ${p.note}`);
  if (notes.length > 0) lines.push('', 'check:', ...notes);
  if (entity.dropped.length > 0)
    lines.push(
      '',
      'left out:',
      formatTable(
        ['candidate', 'coverage', 'reason'],
        entity.dropped.map((d) => [d.subject, percentText(d.coverage), d.detail]),
      ),
    );
  if (entity.notes.length > 0) lines.push('', ...entity.notes.map((n) => `note: ${n}`));
  return lines;
}

/** The terminal report of `scorebridge features discover`. */
export function formatDiscovery(report: DiscoveryReport): string {
  const out = [
    `Features discovered from the store as of ${report.asOf} (min coverage ${percentText(report.minCoverage)}, leakage bar AUC ${report.leakAuc})`,
  ];
  for (const entity of report.entities) out.push('', ...entitySection(entity));
  return out.join('\n');
}
