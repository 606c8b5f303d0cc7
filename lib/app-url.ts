import { config } from "./config";

/**
 * The public base URL of the app, for links in e-mails and links made in the app (no
 * trailing slash): CHARTROOM_APP_URL, else NEXTAUTH_URL, else `fallback` (the origin a
 * request came to), else localhost.
 */
export function appUrl(fallback?: string): string {
  const { email, publicUrl, port } = config();
  const url = email.appUrl ?? publicUrl ?? fallback ?? `http://localhost:${port}`;
  return url.replace(/\/+$/, "");
}
