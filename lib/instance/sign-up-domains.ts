import { domainToASCII, domainToUnicode } from "node:url";

/**
 * E-mail domains compared the way mail servers route them: IDNA to ASCII (so `Bücher.example`
 * and `xn--bcher-kva.example` are one domain, while a Cyrillic look-alike is another), lower
 * case, one trailing dot (the DNS root) dropped. Null when it is not a domain name at all.
 */
export function canonicalDomain(raw: string): string | null {
  const trimmed = raw.trim().replace(/\.$/, "");
  if (!trimmed || trimmed.includes("@") || /\s/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed);
  if (!ascii || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(ascii)) return null;
  if (ascii.split(".").some((label) => label.length > 63 || label.startsWith("-") || label.endsWith("-"))) return null;
  return ascii;
}

/**
 * The canonical domain of an address (after its last `@`), or null. Unlike a listed domain, an
 * address ending in a dot is refused rather than read as its dotless twin: two spellings of one
 * mailbox would make two accounts.
 */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  const domain = email.slice(at + 1);
  return at < 1 || domain.endsWith(".") ? null : canonicalDomain(domain);
}

/**
 * Whether an address may sign up under a list of allowed domains: an empty list allows any;
 * otherwise the address's domain must be one of them exactly. A subdomain is a different
 * domain (`mail.example.com` is not `example.com`): whoever runs it may not be the same.
 */
export function domainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = emailDomain(email);
  return domain !== null && allowed.includes(domain);
}

/** A stored (ASCII) domain as people write it: `xn--bcher-kva.example` reads `bücher.example`. */
export function displayDomain(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}
