import { REPORT_STYLE } from '../../report/report-html.ts';
import { escapeXml } from '../../report/report-svg.ts';

export const DASHBOARD_PAGES = [
  { path: '/', id: 'overview', title: 'Overview' },
  { path: '/models', id: 'models', title: 'Models' },
  { path: '/sequences', id: 'sequences', title: 'Sequences' },
] as const;
export type DashboardPageId = (typeof DASHBOARD_PAGES)[number]['id'];

export const STYLESHEET_PATH = '/dashboard.css';

/** The report's styles plus the dashboard frame; served once and cached by the browser. */
export const DASHBOARD_CSS = `${REPORT_STYLE}
body{margin:0;max-width:none;background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:.75rem 2rem;display:flex;gap:2rem;align-items:center}
header .brand{font-weight:700}nav a{color:#d1d5db;text-decoration:none;margin-right:1.25rem;padding:.25rem 0}
nav a[aria-current=page]{color:#fff;border-bottom:2px solid #60a5fa}
main{padding:1rem 2rem 3rem;max-width:1280px}
.cards{display:flex;flex-wrap:wrap;gap:1.25rem}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:1rem 1.25rem;min-width:300px}
.card h2,.card h3{margin-top:0;border:0}
.model-card{width:100%;box-sizing:border-box}
svg{max-width:100%;height:auto;vertical-align:top}
.empty{color:#6b7280;font-style:italic}`;

/** Escapes text for HTML content and attribute values. */
export function esc(value: string | number | null | undefined): string {
  return escapeXml(value === null || value === undefined ? '' : String(value));
}

/**
 * The page frame. Links are built from the mount path the request came through, so the router
 * works wherever the server mounts it.
 */
export function renderPage(options: {
  readonly base: string;
  readonly active: DashboardPageId;
  readonly title: string;
  readonly generatedAt: string;
  readonly body: string;
}): string {
  const nav = DASHBOARD_PAGES.map(
    (page) =>
      `<a href="${esc(options.base + page.path)}" data-page="${page.id}"${page.id === options.active ? ' aria-current="page"' : ''}>${esc(page.title)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · scorebridge</title><link rel="stylesheet" href="${esc(options.base + STYLESHEET_PATH)}"></head>
<body><header><span class="brand">scorebridge</span><nav>${nav}</nav></header>
<main><h1>${esc(options.title)}</h1><p class="muted">As of ${esc(options.generatedAt)}.</p>
${options.body}
</main></body></html>
`;
}
