/** Small inline SVG charts for the HTML report: no scripts, no external assets. */

const W = 360;
const H = 260;
const PAD = { left: 48, right: 16, top: 20, bottom: 40 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const x = (fraction: number) => PAD.left + fraction * plotW;
const y = (fraction: number) => PAD.top + (1 - fraction) * plotH;
const n = (v: number) => v.toFixed(1);

function frame(
  title: string,
  xLabel: string,
  yLabel: string,
  body: string,
  yMax = 1,
  yFormat = (v: number) => `${Math.round(100 * v)}%`,
): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${n(x(0))}" y1="${n(y(t))}" x2="${n(x(1))}" y2="${n(y(t))}" stroke="#e5e7eb"/>` +
        `<text x="${n(x(0) - 6)}" y="${n(y(t) + 4)}" text-anchor="end" font-size="10">${escapeXml(yFormat(t * yMax))}</text>` +
        `<text x="${n(x(t))}" y="${n(y(0) + 14)}" text-anchor="middle" font-size="10">${Math.round(100 * t)}%</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>${grid}` +
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>` +
    body +
    `<text x="${n(x(0.5))}" y="${H - 8}" text-anchor="middle" font-size="11">${escapeXml(xLabel)}</text>` +
    `<text x="12" y="${n(y(0.5))}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${n(y(0.5))})">${escapeXml(yLabel)}</text>` +
    '</svg>'
  );
}

/** Reliability diagram: mean predicted vs observed rate per bin, with the diagonal of perfect calibration. */
export function calibrationChart(
  bins: readonly { meanPredicted: number | null; observedRate: number | null; count: number }[],
): string {
  const points = bins.filter((b) => b.count > 0 && b.meanPredicted !== null && b.observedRate !== null);
  const maxCount = Math.max(1, ...points.map((b) => b.count));
  const dots = points
    .map(
      (b) =>
        `<circle class="calibration-point" cx="${n(x(b.meanPredicted!))}" cy="${n(y(b.observedRate!))}" r="${n(3 + 5 * Math.sqrt(b.count / maxCount))}" fill="#2563eb" fill-opacity="0.7"><title>${b.count} rows: predicted ${Math.round(100 * b.meanPredicted!)}%, observed ${Math.round(100 * b.observedRate!)}%</title></circle>`,
    )
    .join('');
  const line = points
    .map((b, i) => `${i === 0 ? 'M' : 'L'}${n(x(b.meanPredicted!))},${n(y(b.observedRate!))}`)
    .join(' ');
  const body = `<path d="M${n(x(0))},${n(y(0))} L${n(x(1))},${n(y(1))}" stroke="#9ca3af" stroke-dasharray="4 3"/>${line ? `<path d="${line}" fill="none" stroke="#2563eb"/>` : ''}${dots}`;
  return frame('Calibration: predicted vs observed', 'predicted probability', 'observed rate', body);
}

/** Cumulative gains: share of positives captured in the top x % of scores, against random targeting. */
export function gainsChart(
  bands: readonly { toPercent: number; cumulativeGainPercent: number | null; lift: number | null }[],
): string {
  const pts = [
    { fx: 0, fy: 0 },
    ...bands.map((b) => ({ fx: b.toPercent / 100, fy: (b.cumulativeGainPercent ?? 0) / 100 })),
  ];
  const path = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(x(p.fx))},${n(y(p.fy))}`).join(' ');
  const dots = pts
    .slice(1)
    .map(
      (p, i) =>
        `<circle class="gain-point" cx="${n(x(p.fx))}" cy="${n(y(p.fy))}" r="3" fill="#059669"><title>top ${Math.round(100 * p.fx)}%: ${Math.round(100 * p.fy)}% of positives, lift ${bands[i]?.lift?.toFixed(2) ?? 'n/a'}</title></circle>`,
    )
    .join('');
  const body = `<path d="M${n(x(0))},${n(y(0))} L${n(x(1))},${n(y(1))}" stroke="#9ca3af" stroke-dasharray="4 3"/><path d="${path}" fill="none" stroke="#059669" stroke-width="2"/>${dots}`;
  return frame(
    'Cumulative gains (lift)',
    'share of entities, highest scores first',
    'share of positives',
    body,
  );
}

/** Score distribution: bars per 10-point band; a second series (e.g. the latest run) is drawn as outlines. */
export function distributionChart(
  series: readonly { name: string; counts: readonly number[]; color: string }[],
): string {
  const shares = series.map((s) => {
    const total = s.counts.reduce((a, b) => a + b, 0);
    return s.counts.map((c) => (total === 0 ? 0 : c / total));
  });
  const yMax = Math.max(0.05, ...shares.flat());
  const bins = Math.max(1, ...series.map((s) => s.counts.length));
  const slot = 1 / bins;
  const barW = slot / Math.max(1, series.length);
  const bars = series
    .map((s, k) =>
      shares[k]!.map((share, b) => {
        const left = x(b * slot + k * barW);
        const height = (share / yMax) * plotH;
        return `<rect class="distribution-bar" x="${n(left + 1)}" y="${n(y(0) - height)}" width="${n(barW * plotW - 2)}" height="${n(height)}" fill="${s.color}"><title>${escapeXml(s.name)} ${b * 10}-${b * 10 + 9}: ${s.counts[b]} (${Math.round(100 * share)}%)</title></rect>`;
      }).join(''),
    )
    .join('');
  const legend = series
    .map(
      (s, k) =>
        `<rect x="${n(x(0) + 8)}" y="${n(PAD.top + 6 + 14 * k)}" width="10" height="10" fill="${s.color}"/><text x="${n(x(0) + 22)}" y="${n(PAD.top + 15 + 14 * k)}" font-size="10">${escapeXml(s.name)}</text>`,
    )
    .join('');
  return frame('Score distribution', 'score band (0-100)', 'share of entities', bars + legend, yMax);
}
