import { escapeXml } from '../../report/report-svg.ts';
import { FAVICON_PATH } from '../routes/login-page.ts';
import { formatDateTime } from './format.ts';
import { ALL_TONES, toneClass } from './model-meaning.ts';

export const DASHBOARD_PAGES = [
  { path: '/', id: 'overview', title: 'Overview' },
  { path: '/accounts', id: 'accounts', title: 'Accounts' },
  { path: '/contacts', id: 'contacts', title: 'Contacts' },
  { path: '/models', id: 'models', title: 'Models' },
  { path: '/sequences', id: 'sequences', title: 'Sequences' },
] as const;
export type DashboardPageId = (typeof DASHBOARD_PAGES)[number]['id'];

export const STYLESHEET_PATH = '/dashboard.css';

const TONES = ALL_TONES.map((color) => `.${toneClass(color)}{background:${color}}`).join('');

/** The whole dashboard's styles, served once and cached by the browser (pages carry no inline styles). */
export const DASHBOARD_CSS = `*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#111827;font-size:14px;line-height:1.45}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
header{background:#111827;color:#f9fafb;padding:.6rem 2rem;display:flex;gap:2rem;align-items:center}
header .brand{font-weight:700;letter-spacing:.01em}nav{flex:1}nav a{color:#d1d5db;margin-right:1.25rem;padding:.25rem 0}
nav a[aria-current=page]{color:#fff;border-bottom:2px solid #60a5fa}nav a:hover{color:#fff;text-decoration:none}
.who{color:#d1d5db;font-size:.85rem;display:flex;gap:.75rem;align-items:center}
.who button{background:transparent;border:1px solid #4b5563;color:#f9fafb;border-radius:5px;padding:.2rem .6rem;font:inherit;cursor:pointer}
main{padding:1.25rem 2rem 3rem;max-width:1320px}
h1{font-size:1.45rem;margin:.25rem 0 .25rem}h2{font-size:1.1rem;margin:1.75rem 0 .6rem}h3{font-size:1rem;margin:0 0 .4rem}
.muted{color:#6b7280}.small{font-size:.85rem}.help{color:#6b7280;font-size:.82rem;margin:.2rem 0 .6rem;max-width:62rem}
.cards{display:flex;flex-wrap:wrap;gap:1rem}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:1rem 1.25rem}.card>h2:first-child{margin-top:0}
.card.wide+.grid2{margin-top:1rem}
.card.wide{width:100%}.card.half{flex:1 1 560px;min-width:0}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid #f0f1f3;text-align:left;vertical-align:top}
th{font-weight:600;color:#374151;background:#fafafa;white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:hover td{background:#fafcff}
.chip{display:inline-flex;align-items:center;gap:.35rem;white-space:nowrap}
.dot{display:inline-block;width:.65rem;height:.65rem;border-radius:50%;flex:none}
.score{font-weight:600;font-variant-numeric:tabular-nums;min-width:1.6rem;display:inline-block;text-align:right}
.sub{color:#6b7280;font-size:.8rem;display:block}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin:.75rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.78rem;color:#4b5563;gap:.2rem}
form.filters input,form.filters select{font:inherit;padding:.35rem .45rem;border:1px solid #d1d5db;border-radius:5px;background:#fff;min-width:9rem}
form.filters input[type=search]{min-width:18rem}
button.primary,a.button{background:#1d4ed8;color:#fff;border:0;border-radius:5px;padding:.42rem .9rem;font:inherit;font-weight:600;cursor:pointer}
a.button.secondary{background:#fff;color:#1d4ed8;border:1px solid #bfdbfe}a.button:hover{text-decoration:none}
.toolbar{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin:.5rem 0}
.pager{display:flex;gap:.4rem;align-items:center}.pager a,.pager span{padding:.25rem .55rem;border:1px solid #e5e7eb;border-radius:5px;background:#fff}
.pager span.current{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
.ranges{display:inline-flex;border:1px solid #d1d5db;border-radius:6px;overflow:hidden}
.ranges a,.ranges span{padding:.25rem .7rem;background:#fff}.ranges span{background:#1d4ed8;color:#fff}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}.facts dt{color:#6b7280}.facts dd{margin:0}
.scorecards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}
.scorecard .big{font-size:1.9rem;font-weight:700;font-variant-numeric:tabular-nums}
ul.reasons{margin:.4rem 0 0;padding-left:1.1rem}ul.reasons li{margin:.15rem 0}
.up{color:#b91c1c}.down{color:#15803d}.good{color:#15803d}.bad{color:#b91c1c}
.timeline{list-style:none;margin:0;padding:0}.timeline li{padding:.4rem 0;border-bottom:1px solid #f0f1f3}
.timeline .day{font-weight:600;margin-top:.6rem;border:0;padding-bottom:0}
.steps{list-style:none;padding:0;margin:.3rem 0 0}.steps li{display:flex;gap:.6rem;padding:.25rem 0}
.state{display:inline-block;padding:.05rem .45rem;border-radius:4px;font-size:.78rem;font-weight:600;background:#f3f4f6;color:#374151}
.state.done{background:#dcfce7;color:#166534}.state.skipped{background:#f3f4f6;color:#6b7280}.state.waiting{background:#dbeafe;color:#1e40af}
.state.exited{background:#fee2e2;color:#991b1b}.state.active{background:#dbeafe;color:#1e40af}.state.failed{background:#fee2e2;color:#991b1b}
.error{background:#fef2f2;color:#991b1b;border:1px solid #fecaca;border-radius:6px;padding:.6rem .75rem}
.empty{color:#6b7280;font-style:italic}
figure.chart{margin:0 0 .5rem}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure.chart svg{max-width:100%;height:auto}
.alert{color:#b91c1c;font-weight:600}.warn{color:#b45309;font-weight:600}.ok{color:#047857;font-weight:600}
code{background:#f3f4f6;padding:.05rem .3rem;border-radius:4px;font-size:.85em}
${TONES}`;

/** Escapes text for HTML content and attribute values. */
export function esc(value: string | number | null | undefined): string {
  return escapeXml(value === null || value === undefined ? '' : String(value));
}

export interface Viewer {
  /** The API key's name ("Maria (marketing)"). */
  readonly name: string;
  /** CSRF token of the session's forms; absent when the request came with a bearer key. */
  readonly csrfToken: string | null;
}

/**
 * The page frame. Links are built from the mount path the request came through, so the router
 * works wherever the server mounts it.
 */
export function renderPage(options: {
  readonly base: string;
  readonly active: DashboardPageId | null;
  readonly title: string;
  readonly subtitle?: string;
  readonly asOf: string;
  readonly viewer: Viewer | null;
  readonly body: string;
}): string {
  const nav = DASHBOARD_PAGES.map(
    (page) =>
      `<a href="${esc(options.base + page.path)}" data-page="${page.id}"${page.id === options.active ? ' aria-current="page"' : ''}>${esc(page.title)}</a>`,
  ).join('');
  const who = options.viewer
    ? `<div class="who"><span>Signed in as ${esc(options.viewer.name)}</span>${
        options.viewer.csrfToken
          ? `<form method="post" action="/logout"><input type="hidden" name="csrf" value="${esc(options.viewer.csrfToken)}"><button type="submit">Sign out</button></form>`
          : ''
      }</div>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · scorebridge</title><link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><link rel="stylesheet" href="${esc(options.base + STYLESHEET_PATH)}"></head>
<body><header><span class="brand">scorebridge</span><nav>${nav}</nav>${who}</header>
<main><h1>${esc(options.title)}</h1><p class="muted small">${options.subtitle ? `${esc(options.subtitle)} · ` : ''}Scores as of ${esc(formatDateTime(options.asOf))}</p>
${options.body}
</main></body></html>
`;
}
