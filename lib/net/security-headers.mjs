// The browser-protection headers, shared by next.config.mjs, proxy.ts and the HTTP server
// of `npm start` (which answers some requests before Next.js sees them).

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets those load the app's
 * chunks); nothing loads from another origin and no other site may frame a page. Inline
 * styles stay allowed: React writes style attributes, which nonces cannot cover.
 */
export function contentSecurityPolicy(nonce, { dev = false } = {}) {
  const script = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${script}${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** Every response's headers besides the Content-Security-Policy. */
export const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Signed download links carry their signature in the query; never leak it to other sites.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
