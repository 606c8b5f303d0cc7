import { isoInZone } from "../time/iso";
import { offsetLookup } from "../time/zone";

const HOUR = 3_600_000;
/** Real zone offsets are whole quarter hours, so a UTC quarter hour lies in one local hour. */
const QUARTER_HOUR = 900_000;
/** 0000-01-01 and 10000-01-01: toISOString has its plain 24-character form in between. */
const MIN_MS = -62_167_219_200_000;
const END_MS = 253_402_300_800_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

function offsetText(offset: number): string {
  const abs = Math.abs(offset) / 60_000;
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * isoInZone for millions of rows. Rows arrive in time order, so the UTC quarter hour of a
 * row is usually the previous row's: its offset and the text of its local date and hour
 * are worked out once, and each row only adds minutes, seconds and milliseconds. A
 * quarter hour whose two ends have different offsets (a DST change), or whose offset is
 * not whole quarter hours (local mean time before 1900), is never cached.
 * Same output as isoInZone.
 */
export function isoFormatterMs(timeZone: string): (ms: number) => string {
  const offsetOf = offsetLookup(timeZone);
  let slotStart = Number.NaN;
  let slotEnd = Number.NaN;
  let offset = 0;
  let hourStart = 0;
  let prefix = "";
  let suffix = "";
  let suffixOffset = Number.NaN;
  return (ms) => {
    if (!(ms >= slotStart && ms < slotEnd)) {
      const start = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
      const local = ms + offsetOf(ms);
      const slotOffset = offsetOf(start);
      if (
        !(local >= MIN_MS && local < END_MS) ||
        slotOffset % QUARTER_HOUR !== 0 ||
        slotOffset !== offsetOf(start + QUARTER_HOUR - 1)
      ) {
        slotStart = slotEnd = Number.NaN;
        return isoInZone(new Date(ms), timeZone);
      }
      slotStart = start;
      slotEnd = start + QUARTER_HOUR;
      offset = slotOffset;
      hourStart = Math.floor((start + offset) / HOUR) * HOUR;
      prefix = new Date(hourStart).toISOString().slice(0, 14);
      if (offset !== suffixOffset) {
        suffix = offsetText(offset);
        suffixOffset = offset;
      }
    }
    const within = ms + offset - hourStart;
    const seconds = Math.floor(within / 1000);
    return prefix + PAD2[Math.floor(seconds / 60)] + ":" + PAD2[seconds % 60] + "." + PAD3[within % 1000] + suffix;
  };
}
