// Canonical IANA time-zone names. Intl accepts any spelling and case of a zone and of its
// aliases, but reports the name ICU's data (CLDR) keeps, which for renamed zones is the
// old one: Node 20 says Asia/Calcutta and Europe/Kiev. Zones are stored and shown under
// the current IANA name, so ICU's old names are mapped here. The list is every zone of
// tzdata's zone1970.tab and zone.tab whose name ICU reports differently
// (lib/time/zone-names.test.ts checks it against the machine's tzdata).

export const RENAMED_ZONES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/**
 * The canonical IANA name of a zone given in any case or by any alias ("EUROPE/LONDON" →
 * "Europe/London", "Asia/Calcutta" → "Asia/Kolkata", "Etc/UTC" → "UTC"), or null when it
 * is no zone at all.
 */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim();
  if (!name || name.length > 64) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return RENAMED_ZONES[resolved] ?? resolved;
}

/** A stored zone as it should be shown: canonical when it is a zone, else as stored. */
export function displayTimeZone(stored: string): string {
  return canonicalTimeZone(stored) ?? stored;
}
