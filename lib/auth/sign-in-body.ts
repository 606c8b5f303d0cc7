import { ApiError } from "../errors";

const MAX_BODY_BYTES = 16_384;
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

export type SignInFields = Record<string, string>;

const bad = (message: string, param?: string) => new ApiError("bad_request", message, param ? { param } : {});

/**
 * The one media type of a Content-Type header, or an error. Only a form or JSON body in
 * UTF-8 is accepted: next-auth matches these by substring, so a header naming both, or a
 * look-alike type, would let it read the body differently from the sign-in throttle.
 */
export function signInMediaType(header: string | null): typeof FORM | typeof JSON_TYPE {
  const unsupported = bad(`Sign-in accepts a body of type ${FORM} or ${JSON_TYPE} (UTF-8).`, "content-type");
  if (!header) throw unsupported;
  const [type, ...params] = header.split(";").map((part) => part.trim());
  const media = type.toLowerCase();
  if (media !== FORM && media !== JSON_TYPE) throw unsupported;
  for (const param of params) {
    const match = /^charset\s*=\s*(?:"([^"]*)"|([^\s"]+))$/i.exec(param);
    const charset = (match?.[1] ?? match?.[2] ?? "").toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8") throw unsupported;
  }
  if (params.length > 1) throw unsupported;
  return media;
}

/** Keys of a flat JSON object of strings, in order, repeats included (JSON.parse keeps only the last). */
function flatObjectKeys(text: string): string[] {
  const strings = text.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  return strings.filter((_, i) => i % 2 === 0).map((s) => JSON.parse(s) as string);
}

/**
 * A credentials sign-in body, read exactly once: every field a single string, nothing
 * repeated. The route hands next-auth a canonical form built from these fields, so the
 * address the throttle counts is the address that is authenticated.
 */
export async function readSignInBody(req: Request): Promise<SignInFields> {
  const media = signInMediaType(req.headers.get("content-type"));
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw bad("The sign-in body is too large.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw bad("The sign-in body is not valid UTF-8.");
  }
  // No prototype: a field named `__proto__` stays a field.
  const fields: SignInFields = Object.create(null);
  if (media === FORM) {
    for (const [key, value] of new URLSearchParams(text)) {
      if (Object.hasOwn(fields, key)) throw bad(`The field \`${key}\` is repeated.`, key);
      fields[key] = value;
    }
    return fields;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad("The sign-in body must be valid JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw bad("The sign-in body must be a JSON object.");
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw bad(`The field \`${key}\` must be a string.`, key);
    fields[key] = value;
  }
  const keys = flatObjectKeys(text);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) throw bad(`The field \`${repeated}\` is repeated.`, repeated);
  return fields;
}
