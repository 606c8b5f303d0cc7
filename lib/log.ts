import { config } from "./config";

/**
 * Structured logs: one JSON object per line on stdout, so a log pipeline can count
 * exports and deliveries without parsing prose. Never pass secrets or file contents.
 */
export function logEvent(
  event: string,
  fields: Record<string, unknown> = {},
  level: "info" | "warn" | "error" = "info",
): void {
  if (!config().log) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "info") process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}
