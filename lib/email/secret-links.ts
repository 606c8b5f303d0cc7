import { escapeHtml } from "./escape-html";
import type { EmailAttachment, OutgoingEmail } from "./send";

/** What the outbox shows where a message carried a link that works without signing in. */
export const WITHHELD_LINK_NOTE = "[link withheld: it only works for the recipient, so the outbox does not keep it]";

// Path segments and query values this long are credentials (tokens, signatures), not words.
const CREDENTIAL_MIN_LENGTH = 16;

/** The credential parts of a link: long path segments and query values, however they were written. */
function credentialsOf(link: string): string[] {
  let url: URL;
  try {
    url = new URL(link, "http://placeholder.invalid");
  } catch {
    return [];
  }
  const parts = [...url.pathname.split("/").map((s) => decodeURIComponent(s)), ...url.searchParams.values()];
  return parts.filter((p) => p.length >= CREDENTIAL_MIN_LENGTH);
}

/**
 * Every spelling of each secret link an e-mail body may hold: raw, HTML-escaped and
 * percent-encoded, then the bare credentials. Longest first, so a whole link becomes one note.
 */
export function secretSpellings(links: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const link of links) {
    for (const s of [link, escapeHtml(link), encodeURI(link), encodeURIComponent(link)]) spellings.add(s);
    for (const credential of credentialsOf(link)) {
      for (const s of [credential, encodeURIComponent(credential), escapeHtml(credential)]) spellings.add(s);
    }
  }
  return [...spellings].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function withhold(text: string, spellings: string[]): string {
  return spellings.reduce((out, s) => out.split(s).join(WITHHELD_LINK_NOTE), text);
}

function withholdInAttachment(a: EmailAttachment, spellings: string[]): EmailAttachment {
  // Latin-1 maps every byte to one character and back, so binary files survive untouched.
  const bytes = a.content.toString("latin1");
  const replaced = withhold(bytes, spellings);
  return {
    ...a,
    filename: withhold(a.filename, spellings),
    content: replaced === bytes ? a.content : Buffer.from(replaced, "latin1"),
  };
}

// The shapes of the app's own secret links, as a backstop for e-mails kept before links were
// marked (or by a composer that forgot to mark one): invite, password reset, address confirmation
// and signed download links.
const KNOWN_SECRET_LINKS = [
  /(?:https?:\/\/[^\s"'<>]*)?\/invite\/[A-Za-z0-9_-]{20,}/g,
  /(?:https?:\/\/[^\s"'<>]*)?\/verify-email\/[A-Za-z0-9_-]{20,}/g,
  /(?:https?:\/\/[^\s"'<>]*)?\/reset-password\/[A-Za-z0-9_-]{20,}/g,
  /(?:https?:\/\/[^\s"'<>]*)?\/api\/exports\/[^/\s"'<>]+\/file\?[^\s"'<>]*/g,
];

/** Text with every link of a known secret shape replaced by the note. */
export function withholdKnownSecretLinks(text: string): string {
  return KNOWN_SECRET_LINKS.reduce((out, pattern) => out.replace(pattern, WITHHELD_LINK_NOTE), text);
}

const WITHHELD_ANCHOR = new RegExp(
  `<a\\b[^>]*\\bhref=(["'])${WITHHELD_LINK_NOTE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\1[^>]*>([\\s\\S]*?)</a>`,
  "gi",
);

/**
 * HTML whose withheld links are no longer links: a reader of the outbox sees the link's
 * text and the note, not something that looks clickable and leads nowhere.
 */
export function unlinkWithheld(html: string): string {
  return html.replace(WITHHELD_ANCHOR, (_all, _quote, inner: string) => `${inner} <em>${WITHHELD_LINK_NOTE}</em>`);
}

/**
 * The copy of an e-mail that may be kept where others can read it (the built-in outbox):
 * each link the composer marked secret (invite, reset, verification, signed download
 * links) is replaced by a note in the subject, HTML, text and attachments, so nothing
 * stored there can be used in the recipient's place.
 */
export function withholdSecretLinks(email: OutgoingEmail): OutgoingEmail {
  const spellings = secretSpellings(email.secretLinks ?? []);
  const clean = (text: string) => withholdKnownSecretLinks(withhold(text, spellings));
  return {
    ...email,
    subject: clean(email.subject),
    html: unlinkWithheld(clean(email.html)),
    text: clean(email.text),
    attachments: email.attachments?.map((a) => withholdInAttachment(a, spellings)),
    secretLinks: [],
  };
}
