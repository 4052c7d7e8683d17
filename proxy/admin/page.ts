/**
 * The console's one HTML page: the `carstrel-admin` app element and its own script (the admin
 * build, `dist/widgets/admin/app.js`), never the dealer pages' bundle. Strict CSP, no framing, no
 * caching; it carries no data (the element signs in and loads everything from `/admin/api/…`).
 */
export const ADMIN_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page, for a console served at `base` (`/admin`, or `/d/<id>/admin` for a tenant). */
export function adminPage(base: string, lang: 'en' | 'fr'): string {
  const b = escapeAttr(base);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${lang === 'fr' ? 'Console du concessionnaire' : 'Dealer console'}</title>
<script type="module" src="${b}/app.js"></script>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f6f7f9;color:#1b1f24}</style>
</head>
<body>
<carstrel-admin base="${b}"></carstrel-admin>
<noscript>${lang === 'fr' ? 'La console a besoin de JavaScript.' : 'The console needs JavaScript.'}</noscript>
</body>
</html>
`;
}

/** `fr` when the browser prefers French to English, else `en`. */
export function pageLanguage(acceptLanguage: string | undefined): 'en' | 'fr' {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
