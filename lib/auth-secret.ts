import "server-only";
import { config } from "./config";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

let cached: string | undefined;

/**
 * NEXTAUTH_SECRET, or one generated on first start and kept in .data/ so sessions
 * survive restarts without any configuration.
 */
export function authSecret(): string {
  if (cached) return cached;
  const configured = config().authSecret;
  if (configured) return (cached = configured);
  const dir = join(/*turbopackIgnore: true*/ process.cwd(), ".data");
  const file = join(dir, "nextauth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      cached = secret;
    } catch {
      // Another process wrote it first: use theirs.
      cached = readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
