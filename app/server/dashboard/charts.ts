import { escapeXml } from '../../report/report-svg.ts';

/** Dashboard charts as inline SVG strings, drawn on the server: no scripts, nothing fetched. */

const PALETTE = ['#10b981', '#f59e0b', '#ef4444', '#6366f1', '#0ea5e9', '#a855f7', '#64748b'];
const n = (v: number) => v.toFixed(1);

/** Colours follow the tier's rank (lowest score first), so the same tier keeps its colour on every chart. */
export function tierColor(rank: number): string {
  return PALETTE[rank % PALETTE.length]!;
}

function svgOpen(width: number, height: number, title: string, className: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${className}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color: string;
  /** Shown after the value, e.g. "42% of enrolled". */
  readonly note?: string;
}

/** Horizontal bars with their values: tier counts, funnel stages. */
export function barChart(title: string, bars: readonly Bar[], className = 'bar-chart'): string {
  const width = 420;
  const labelW = 130;
  const valueW = 120;
  const rowH = 26;
  const height = 16 + rowH * Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((bar, i) => {
      const y = 8 + i * rowH;
      const w = ((width - labelW - valueW) * bar.value) / max;
      const text = `${bar.value.toLocaleString('en-US')}${bar.note ? ` (${bar.note})` : ''}`;
      return (
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="11">${escapeXml(bar.label)}</text>` +
        `<rect class="bar" x="${labelW}" y="${y + 3}" width="${n(Math.max(w, 1))}" height="${rowH - 8}" fill="${bar.color}"><title>${escapeXml(`${bar.label}: ${text}`)}</title></rect>` +
        `<text x="${n(labelW + w + 6)}" y="${y + 15}" font-size="11">${escapeXml(text)}</text>`
      );
    })
    .join('');
  return `${svgOpen(width, height, title, className)}${rows}</svg>`;
}

export interface StackedColumn {
  readonly label: string;
  readonly parts: readonly { readonly name: string; readonly value: number; readonly color: string }[];
}

/** One column per day, split into each tier's share of that day's scored entities. */
export function shareColumnsChart(title: string, columns: readonly StackedColumn[]): string {
  const width = 420;
  const height = 220;
  const pad = { left: 40, right: 8, top: 10, bottom: 34 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, columns.length);
  const grid = [0, 0.5, 1]
    .map((t) => {
      const y = pad.top + (1 - t) * plotH;
      return `<line x1="${pad.left}" y1="${n(y)}" x2="${width - pad.right}" y2="${n(y)}" stroke="#e5e7eb"/><text x="${pad.left - 4}" y="${n(y + 4)}" text-anchor="end" font-size="10">${Math.round(100 * t)}%</text>`;
    })
    .join('');
  const labelEvery = Math.max(1, Math.ceil(columns.length / 6));
  const bars = columns
    .map((column, i) => {
      const total = column.parts.reduce((sum, part) => sum + part.value, 0);
      const x = pad.left + i * slot;
      let top = pad.top + plotH;
      const rects = column.parts
        .map((part) => {
          const h = total === 0 ? 0 : (part.value / total) * plotH;
          top -= h;
          return `<rect class="trend-bar" x="${n(x + 1)}" y="${n(top)}" width="${n(Math.max(slot - 2, 1))}" height="${n(h)}" fill="${part.color}"><title>${escapeXml(`${column.label} ${part.name}: ${part.value} of ${total}`)}</title></rect>`;
        })
        .join('');
      const label =
        i % labelEvery === 0
          ? `<text x="${n(x + slot / 2)}" y="${height - pad.bottom + 14}" text-anchor="middle" font-size="10">${escapeXml(column.label.slice(5))}</text>`
          : '';
      return rects + label;
    })
    .join('');
  const names = columns[0]?.parts ?? [];
  const legend = names
    .map(
      (part, k) =>
        `<rect x="${pad.left + 90 * k}" y="${height - 12}" width="9" height="9" fill="${part.color}"/><text x="${pad.left + 90 * k + 13}" y="${height - 4}" font-size="10">${escapeXml(part.name)}</text>`,
    )
    .join('');
  return `${svgOpen(width, height, title, 'trend-chart')}${grid}${bars}${legend}</svg>`;
}
