/** The public base URL of the app, for links in e-mails (no trailing slash). */
export function appUrl(): string {
  const url = process.env.CHARTROOM_APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return url.replace(/\/+$/, "");
}
