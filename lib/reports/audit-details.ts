import "server-only";
import { pseudonymizer } from "./redaction";

/**
 * What audit `details` hold, by key: these keys name a person or where they were (e-mail
 * addresses, names, IP addresses, user ids, recipients). Everything else (roles, formats,
 * report names, counts) describes the action, not a person.
 */
export const PERSONAL_DETAIL_KEYS: Readonly<Record<string, "person" | "ip" | "id">> = {
  email: "person",
  emails: "person",
  to: "person",
  recipient: "person",
  recipients: "person",
  invitedBy: "person",
  actor: "person",
  by: "person",
  userName: "person",
  displayName: "person",
  ip: "ip",
  ipAddress: "ip",
  userId: "id",
  user: "id",
  memberId: "id",
};

// Values that are personal wherever they appear, whatever key a future event files them under.
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;

// The same field names as the actor and IP columns, so a person masked in `details` gets the
// pseudonym they have as an actor.
const FIELD = { person: "actor", ip: "ip", id: "details_user" } as const;

/**
 * A masker for the `details` column of one stream of audit rows: personal values become the
 * pseudonyms the rest of the report uses; the document keeps its shape. A value that is not
 * a JSON object is masked whole.
 */
export function auditDetailsMasker(workspaceId: string): (json: string) => string {
  const names = {
    person: pseudonymizer(workspaceId, FIELD.person),
    ip: pseudonymizer(workspaceId, FIELD.ip),
    id: pseudonymizer(workspaceId, FIELD.id),
  };
  const whole = pseudonymizer(workspaceId, "details");
  const maskValue = (value: unknown, kind: keyof typeof names | null): unknown => {
    if (Array.isArray(value)) return value.map((v) => maskValue(v, kind));
    if (value !== null && typeof value === "object") return maskObject(value as Record<string, unknown>);
    if (value === null || value === undefined || value === "") return value;
    if (kind) return names[kind](String(value));
    if (typeof value !== "string") return value;
    if (EMAIL.test(value)) return names.person(value);
    if (IPV4.test(value) || (value.includes(":") && IPV6.test(value) && value.length >= 3)) return names.ip(value);
    return value;
  };
  const maskObject = (object: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(object).map(([key, value]) => [key, maskValue(value, PERSONAL_DETAIL_KEYS[key] ?? null)]),
    );
  return (json) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return whole(json);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return whole(json);
    return JSON.stringify(maskObject(parsed as Record<string, unknown>));
  };
}
