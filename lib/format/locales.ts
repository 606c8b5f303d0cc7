/**
 * Number and date locales a workspace may choose. Only locales whose formatted numbers,
 * dates and month names the PDF's built-in fonts can draw (WinAnsi) are offered; the
 * formatting module maps the few characters outside it (narrow no-break space, minus).
 */
export const SUPPORTED_LOCALES = [
  { code: "en-US", label: "English (United States)" },
  { code: "en-GB", label: "English (United Kingdom)" },
  { code: "de-DE", label: "Deutsch (Deutschland)" },
  { code: "fr-FR", label: "Français (France)" },
  { code: "es-ES", label: "Español (España)" },
  { code: "it-IT", label: "Italiano (Italia)" },
  { code: "nl-NL", label: "Nederlands (Nederland)" },
  { code: "pt-BR", label: "Português (Brasil)" },
] as const;

export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number]["code"];

export const DEFAULT_LOCALE: SupportedLocale = "en-US";

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === "string" && SUPPORTED_LOCALES.some((l) => l.code === value);
}

/** A stored locale as a supported one; anything else (older rows, hand edits) falls back. */
export function supportedLocale(value: string | null | undefined): SupportedLocale {
  return isSupportedLocale(value) ? value : DEFAULT_LOCALE;
}
