import { escapeXml } from '../../report/report-svg.ts';

export const LOGIN_STYLESHEET_PATH = '/login.css';
/** The tab icon of the sign-in page and the dashboard, served without a session. */
export const FAVICON_PATH = '/favicon.svg';
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d4ed8"/><path d="M8 22l5-6 4 3 7-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** The sign-in page's own styles: it is shown before there is a session, so it cannot use the dashboard's. */
export const LOGIN_CSS = `body{font-family:system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111827}
main{max-width:26rem;margin:12vh auto;background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:2rem 2.25rem}
.brand{font-weight:700;font-size:1.1rem;color:#1d4ed8}h1{font-size:1.35rem;margin:.5rem 0 1.25rem}
label{display:block;font-weight:600;margin-bottom:.35rem}
input[type=password]{width:100%;box-sizing:border-box;padding:.55rem .65rem;border:1px solid #9ca3af;border-radius:6px;font:inherit}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{background:#fef2f2;color:#991b1b;border:1px solid #fecaca;border-radius:6px;padding:.6rem .75rem;margin-bottom:1rem}
.notice{background:#ecfdf5;color:#065f46;border:1px solid #a7f3d0;border-radius:6px;padding:.6rem .75rem;margin-bottom:1rem}
.help{color:#4b5563;font-size:.9rem;margin-top:1.25rem;line-height:1.5}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px;font-size:.85rem}`;

export interface LoginPageOptions {
  readonly csrfToken: string;
  /** Where to go after signing in (a path on this server). */
  readonly next: string;
  readonly error?: string;
  readonly notice?: string;
}

/** The sign-in form: the API key is posted in the body, never put in the URL. */
export function loginPageHtml(options: LoginPageOptions): string {
  const message = options.error
    ? `<p class="error" role="alert">${escapeXml(options.error)}</p>`
    : options.notice
      ? `<p class="notice" role="status">${escapeXml(options.notice)}</p>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · scorebridge</title><link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><link rel="stylesheet" href="${LOGIN_STYLESHEET_PATH}"></head>
<body><main><div class="brand">scorebridge</div><h1>Sign in to the dashboard</h1>${message}
<form method="post" action="/login" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeXml(options.csrfToken)}">
<input type="hidden" name="next" value="${escapeXml(options.next)}">
<label for="key">API key</label>
<input type="password" id="key" name="key" required autofocus placeholder="sb_live_…" spellcheck="false">
<button type="submit">Sign in</button>
</form>
<p class="help">Your scorebridge administrator gives each person a key with read access. It is checked once: your browser then keeps only a session, which ends when you sign out or after a while without use.</p>
<p class="help">Administrators create one with <code>scorebridge keys create --name "Your name" --scope read</code>.</p>
</main></body></html>
`;
}
