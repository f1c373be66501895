import type { EntityType } from '../../core/schema/index.ts';
import type { SqlDatabase, SqlValue } from '../../core/store/sql/sql-database.ts';

/** One of the highest-scored people or companies of a model, as people know them. */
export interface TopScored {
  readonly entityType: EntityType;
  readonly id: string;
  /** "Emma Clark" or "Crystal Loop"; the e-mail address or the domain when the CRM has no name. */
  readonly name: string;
  /** A person's job title and company, "VP Marketing at Crystal Loop"; a company's domain. */
  readonly detail: string | null;
  /** 0–100, the score reps see. */
  readonly score: number;
  readonly probability: number | null;
  /** The reason that raises the score most, in words ("no login for 32 days"). */
  readonly reason: string | null;
}

interface ReasonJson {
  readonly direction?: string;
  readonly points?: number;
  readonly text?: string;
}

/** The strongest reason pushing the score up; the first reason when none does. */
export function topReason(reasonsJson: string): string | null {
  let reasons: ReasonJson[];
  try {
    reasons = JSON.parse(reasonsJson) as ReasonJson[];
  } catch {
    return null;
  }
  if (!Array.isArray(reasons) || reasons.length === 0) return null;
  const up = reasons
    .filter((r) => r.direction === 'up' && typeof r.text === 'string')
    .sort((a, b) => (b.points ?? 0) - (a.points ?? 0));
  return up[0]?.text ?? reasons.find((r) => typeof r.text === 'string')?.text ?? null;
}

const text = (value: SqlValue | undefined): string | null =>
  value === null || value === undefined || String(value).trim() === '' ? null : String(value).trim();

const PEOPLE = `
SELECT s.entity_id AS id, s.value, s.probability, s.reasons,
  c.first_name, c.last_name, c.email, c.title, a.name AS company
FROM scores s
JOIN contacts c ON c.id = s.entity_id
LEFT JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'
LEFT JOIN accounts a ON a.id = ia.entity_id
WHERE s.model = ? AND s.entity_type = 'contact' AND c.deleted_at IS NULL AND c.merged_into IS NULL
ORDER BY s.value DESC, s.probability DESC NULLS LAST, s.entity_id
LIMIT ?`;

const COMPANIES = `
SELECT s.entity_id AS id, s.value, s.probability, s.reasons, a.name, a.domain
FROM scores s
JOIN accounts a ON a.id = s.entity_id
WHERE s.model = ? AND s.entity_type = 'account' AND a.deleted_at IS NULL AND a.merged_into IS NULL
ORDER BY s.value DESC, s.probability DESC NULLS LAST, s.entity_id
LIMIT ?`;

/** The `limit` highest current scores of a model, with the names people know the entities by. */
export function topScored(
  db: SqlDatabase,
  model: string,
  entityType: EntityType,
  limit: number,
): TopScored[] {
  const rows = db.prepare(entityType === 'contact' ? PEOPLE : COMPANIES).all(model, limit) as Record<
    string,
    SqlValue
  >[];
  return rows.map((row) => {
    const base = {
      entityType,
      id: String(row.id),
      score: Number(row.value),
      probability: row.probability === null ? null : Number(row.probability),
      reason: topReason(String(row.reasons)),
    };
    if (entityType === 'account')
      return {
        ...base,
        name: text(row.name) ?? text(row.domain) ?? 'a company without a name',
        detail: text(row.domain),
      };
    const person = [text(row.first_name), text(row.last_name)].filter(Boolean).join(' ');
    const title = text(row.title);
    const company = text(row.company);
    const detail = title && company ? `${title} at ${company}` : (title ?? company);
    return { ...base, name: person || text(row.email) || 'a contact without a name', detail };
  });
}

/** How many current scores of a model chose each next best action, most first. */
export function actionCounts(db: SqlDatabase, model: string): { action: string; count: number }[] {
  const rows = db
    .prepare(
      `SELECT action, COUNT(*) AS n FROM scores WHERE model = ? AND action IS NOT NULL
       GROUP BY action ORDER BY n DESC, action`,
    )
    .all(model) as Record<string, SqlValue>[];
  return rows.map((row) => ({ action: String(row.action), count: Number(row.n) }));
}
