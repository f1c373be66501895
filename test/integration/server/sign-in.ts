/** The dashboard's sign-in as a browser does it: GET the form, POST the key with its CSRF token. */

export interface SignIn {
  readonly status: number;
  readonly location: string | null;
  /** "sb_session=…" when a session was opened. */
  readonly session: string | null;
  readonly setCookies: readonly string[];
  readonly body: string;
}

const cookieOf = (setCookies: readonly string[], name: string) =>
  setCookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0] ?? null;

export async function signInForm(base: string): Promise<{ csrf: string; cookie: string }> {
  const form = await fetch(`${base}/login`, { redirect: 'manual' });
  const html = await form.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = cookieOf(form.headers.getSetCookie(), 'sb_login_csrf');
  if (!csrf || !cookie) throw new Error(`the sign-in form has no CSRF token (status ${form.status})`);
  return { csrf, cookie };
}

export async function signIn(
  base: string,
  key: string,
  options: { next?: string; csrf?: string | null; headers?: Record<string, string> } = {},
): Promise<SignIn> {
  const form = await signInForm(base);
  const fields: Record<string, string> = { key };
  if (options.csrf !== null) fields.csrf = options.csrf ?? form.csrf;
  if (options.next !== undefined) fields.next = options.next;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...options.headers },
    body: new URLSearchParams(fields).toString(),
  });
  const setCookies = res.headers.getSetCookie();
  return {
    status: res.status,
    location: res.headers.get('location'),
    session: cookieOf(setCookies, 'sb_session'),
    setCookies,
    body: await res.text(),
  };
}

/** The CSRF token of the sign-out form on a dashboard page. */
export function logoutToken(html: string): string | null {
  return /action="\/logout"><input type="hidden" name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
}
