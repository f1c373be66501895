/** Small self-contained HTML pages for the unsubscribe link: no scripts, no external assets. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #1f2933; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; }
button { font: inherit; padding: 0.5rem 1.2rem; border: 0; border-radius: 4px; background: #1f6feb; color: #fff; cursor: pointer; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/**
 * The GET page: it only asks. Link scanners and prefetchers follow GET (and HEAD) links, so only
 * the POST of this form, or a mail client's RFC 8058 one-click POST, unsubscribes.
 */
export function confirmPage(address: string, token: string): string {
  return page(
    'Unsubscribe',
    `<p>Stop sending these emails to <strong>${escapeHtml(address)}</strong>?</p>\n${confirmForm(token)}`,
  );
}

export function donePage(address: string): string {
  return page(
    'You are unsubscribed',
    `<p>We will not send these emails to <strong>${escapeHtml(address)}</strong> any more.</p>`,
  );
}

/** Deliberately vague: the reason is logged for the operator, not told to whoever holds the link. */
export function invalidLinkPage(): string {
  return page(
    'This unsubscribe link is not valid',
    '<p>The link may be incomplete. Please use the unsubscribe link from the latest email, or reply to it and ask us to stop.</p>',
  );
}

function confirmForm(token: string): string {
  return `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`;
}

export function oneClickRequiredPage(token: string): string {
  return page(
    'Confirm to unsubscribe',
    `<p>Please confirm with the button below.</p>\n${confirmForm(token)}`,
  );
}

/**
 * A POST whose body could not be taken as a one-click request: what is wrong (for the developer of
 * the mail client or tool that sent it), and the button for a person who got here by accident.
 */
export function formProblemPage(problem: string, token: string): string {
  return page(
    'This unsubscribe request could not be read',
    `<p>${escapeHtml(problem)}</p>\n<p>To unsubscribe, confirm with the button below.</p>\n${confirmForm(token)}`,
  );
}
