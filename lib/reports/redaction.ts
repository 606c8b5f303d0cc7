import "server-only";
import { createHmac } from "node:crypto";
import { ApiError } from "../errors";
import { authSecret } from "../auth-secret";
import { hasRole, type Role } from "../roles";
import { getDataset } from "./catalog";
import type { ReportDefinition } from "./definition";
import type { Redaction } from "./types";

/**
 * How fields the catalog marks sensitive (user and device ids, actors, IP addresses)
 * leave Chartroom: `masked` replaces each value with a stable pseudonym, so rows still
 * group and join but name nobody; `raw` keeps them and is for admins who ask for it.
 */
export { REDACTIONS, type Redaction } from "./types";

const DOMAIN = "chartroom/pseudonym/v1";
let cachedKey: { secret: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = authSecret();
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createHmac("sha256", secret).update(DOMAIN).digest() };
  return cachedKey.key;
}

const PREFIX: Record<string, string> = {
  user_id: "user",
  device_id: "device",
  actor: "person",
  created_by: "person",
  ip: "ip",
};

/** The same value in the same workspace always gets the same pseudonym; other workspaces get others. */
export function pseudonym(workspaceId: string, field: string, value: string): string {
  const digest = createHmac("sha256", key()).update(`${workspaceId}\n${field}\n${value}`).digest("hex");
  return `${PREFIX[field] ?? "anon"}_${digest.slice(0, 12)}`;
}

/**
 * pseudonym() for one stream of rows: ids repeat across millions of rows, so each is
 * hashed once. The memo is bounded so a stream of unique values cannot grow it unchecked.
 */
export function pseudonymizer(workspaceId: string, field: string): (value: string) => string {
  const memo = new Map<string, string>();
  return (value) => {
    let out = memo.get(value);
    if (out === undefined) {
      if (memo.size >= 100_000) memo.clear();
      out = pseudonym(workspaceId, field, value);
      memo.set(value, out);
    }
    return out;
  };
}

/** The policy for a caller: masked unless an admin or owner explicitly asks for raw values. */
export function redactionFor(role: Role, requested: Redaction | undefined): Redaction {
  if (requested !== "raw") return "masked";
  if (!hasRole(role, "admin")) {
    throw new ApiError("forbidden", "Only admins and owners can see raw values of sensitive fields.", {
      param: "redaction",
    });
  }
  return "raw";
}

const PRESENCE_OPS: readonly string[] = ["is_empty", "is_not_empty"];

/**
 * Masked output alone would not protect anyone if a caller could filter by a raw
 * identifier ("user ID is alice@…" finds that person's rows, "contains a" probes ids
 * letter by letter). So only callers who may see raw values (admins and owners) filter
 * sensitive fields by value; others may only ask whether one is empty. The filters a
 * saved report already has stay allowed, so members can run and edit an admin's report.
 */
export function assertMayFilterSensitive(role: Role, definition: ReportDefinition, saved?: ReportDefinition): void {
  if (hasRole(role, "admin")) return;
  const dataset = getDataset(definition.dataset);
  const kept = new Set(saved?.dataset === definition.dataset ? saved.filters.map((f) => JSON.stringify(f)) : []);
  definition.filters.forEach((filter, i) => {
    const field = dataset?.fields.find((f) => f.key === filter.field);
    if (!field?.sensitive || PRESENCE_OPS.includes(filter.op) || kept.has(JSON.stringify(filter))) return;
    const path = `definition.filters.${i}.op`;
    const message = `${field.label} identifies people: only admins and owners can filter it by value; you can filter on whether it is empty.`;
    throw new ApiError("forbidden", message, { param: path, issues: [{ path, message }] });
  });
}
