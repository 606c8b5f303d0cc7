import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../auth-secret";
import { config } from "../config";

// Destination secrets at rest: AES-256-GCM under CHARTROOM_ENCRYPTION_KEY (or, unset, a key
// derived from the session secret). The workspace id is bound in as associated data, so a
// sealed value copied into another workspace's row does not open.

const VERSION = "v1";

function key(): Buffer {
  const configured = config().encryptionKey;
  if (configured) {
    return /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, "hex") : Buffer.from(configured, "base64");
  }
  return Buffer.from(hkdfSync("sha256", authSecret(), "", "chartroom/destination-secrets/v1", 32));
}

export function seal(plain: string, workspaceId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(workspaceId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function open(sealed: string, workspaceId: string): string {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(workspaceId));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

/** A short, non-reversible tag of a secret, so the UI can tell which one is saved. */
export const fingerprint = (secret: string) => createHash("sha256").update(secret).digest("hex").slice(0, 8);
