import type { EntityType } from '../../../core/schema/index.ts';
import { floatLiteral, integerLiteral } from '../../sql/literals.ts';
import { customPropertyName } from '../plan/attributes.ts';
import type { AttributeRef, Expr, FeaturePlan } from '../plan/ir.ts';
import { DAY_MS } from '../time.ts';
import type { FeatureDialect } from './dialect.ts';
import { emptyValueOf, propertyTextSql } from './measures.ts';

/**
 * Aliases the final SELECT of a feature query joins: the target row (`t`, with cutoff_ms), the
 * entity (`c` or `a`), a contact's account (`ac`), the account timeline (`atl`), and where each
 * measure's column lives.
 */
export interface ExpressionContext {
  readonly dialect: FeatureDialect;
  readonly entityType: EntityType;
  readonly plan: FeaturePlan;
  /** SQL of measure `id`'s column, e.g. `se.m3`. */
  readonly measureColumn: (id: number) => string;
}

function propertySql(ctx: ExpressionContext, column: string, name: string, ref: AttributeRef): string {
  const value = propertyTextSql(ctx.dialect, column, { names: [name] });
  return ref.type === 'number' ? ctx.dialect.toNumber(value) : value;
}

function accountColumn(ctx: ExpressionContext, alias: string, name: string): string {
  const float = (column: string) => `CAST(${alias}.${column} AS ${ctx.dialect.sql.floatType})`;
  switch (name) {
    case 'created_at':
      return `COALESCE(${alias}.created_ms, ${alias}.updated_ms)`;
    case 'customer_since':
      return 'atl.customer_since_ms';
    case 'employees':
    case 'annual_revenue':
    case 'mrr':
      return float(name);
    default:
      return `${alias}.${name}`;
  }
}

function attributeSql(ctx: ExpressionContext, ref: AttributeRef): string {
  const custom = customPropertyName(ref.path);
  if (ctx.entityType === 'account') {
    if (custom) return propertySql(ctx, 'a.properties', custom.name, ref);
    return accountColumn(ctx, 'a', ref.path);
  }
  if (custom) return propertySql(ctx, custom.onAccount ? 'ac.properties' : 'c.properties', custom.name, ref);
  if (ref.path.startsWith('account.')) return accountColumn(ctx, 'ac', ref.path.slice('account.'.length));
  if (ref.path === 'created_at') return 'COALESCE(c.created_ms, c.updated_ms)';
  if (ref.path === 'country') return 'COALESCE(c.country, ac.country)';
  return `c.${ref.path}`;
}

const divide = (ctx: ExpressionContext, a: string, b: string) =>
  `(CAST(${a} AS ${ctx.dialect.sql.floatType}) / CAST(${b} AS ${ctx.dialect.sql.floatType}))`;

/** An expression of the plan as SQL over the final SELECT's aliases (evaluate/evaluate.ts in SQL). */
export function exprSql(ctx: ExpressionContext, expr: Expr): string {
  switch (expr.op) {
    case 'measure': {
      const column = ctx.measureColumn(expr.id);
      const empty = emptyValueOf(ctx.plan.measures[expr.id]!);
      return empty === null ? column : `COALESCE(${column}, ${empty})`;
    }
    case 'attribute':
      return attributeSql(ctx, expr.ref);
    case 'days_since':
      return divide(ctx, `t.cutoff_ms - ${exprSql(ctx, expr.instant)}`, integerLiteral(DAY_MS));
    case 'trend': {
      const recent = exprSql(ctx, expr.recent);
      const previous = exprSql(ctx, expr.previous);
      const rate = divide(
        ctx,
        divide(ctx, recent, integerLiteral(expr.recentDays)),
        divide(ctx, ctx.dialect.sql.greatest(previous, floatLiteral(0.5)), integerLiteral(expr.previousDays)),
      );
      return `(CASE WHEN ${recent} = 0 AND ${previous} = 0 THEN ${floatLiteral(0)} ELSE ${ctx.dialect.sql.least(floatLiteral(10), rate)} - ${floatLiteral(1)} END)`;
    }
    case 'ratio': {
      const b = exprSql(ctx, expr.b);
      return `(CASE WHEN ${b} > 0 THEN ${divide(ctx, exprSql(ctx, expr.a), b)} END)`;
    }
    case 'flag':
      return `(CASE WHEN ${exprSql(ctx, expr.count)} > 0 THEN 1 ELSE 0 END)`;
    case 'coalesce':
      return `COALESCE(${exprSql(ctx, expr.first)}, ${exprSql(ctx, expr.otherwise)})`;
    case 'if_customer':
      return `(CASE WHEN atl.customer_since_ms < t.cutoff_ms THEN ${exprSql(ctx, expr.value)} END)`;
    case 'before_cutoff': {
      const instant = exprSql(ctx, expr.instant);
      return `(CASE WHEN ${instant} < t.cutoff_ms THEN ${instant} END)`;
    }
  }
}
