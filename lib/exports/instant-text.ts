import { isoInZone } from "../time/iso";
import { offsetLookup } from "../time/zone";

const HOUR = 3_600_000;
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
 * isoInZone for millions of rows: the date, hour and offset text are built once per
 * local hour (rows arrive in time order, so the last hour is usually the next one's too)
 * and only minutes, seconds and milliseconds are added per row. Same output as isoInZone.
 */
export function isoFormatter(timeZone: string): (date: Date) => string {
  const offsetOf = offsetLookup(timeZone);
  let hourKey = Number.NaN;
  let hourOffset = Number.NaN;
  let prefix = "";
  let suffix = "";
  return (date) => {
    const ms = date.getTime();
    const offset = offsetOf(ms);
    const local = ms + offset;
    if (!(local >= MIN_MS && local < END_MS)) return isoInZone(date, timeZone);
    const hour = Math.floor(local / HOUR);
    if (hour !== hourKey || offset !== hourOffset) {
      hourKey = hour;
      if (offset !== hourOffset) suffix = offsetText(offset);
      hourOffset = offset;
      prefix = new Date(hour * HOUR).toISOString().slice(0, 14);
    }
    const within = local - hour * HOUR;
    const seconds = Math.floor(within / 1000);
    return prefix + PAD2[Math.floor(seconds / 60)] + ":" + PAD2[seconds % 60] + "." + PAD3[within % 1000] + suffix;
  };
}
