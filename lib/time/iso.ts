import { offsetLookup } from "./zone";

/** An instant as ISO 8601 local time with its UTC offset in the zone: 2026-03-08T01:30:00.000-05:00. */
export function isoInZone(date: Date, timeZone: string): string {
  const offset = offsetLookup(timeZone)(date.getTime());
  const local = new Date(date.getTime() + offset).toISOString().slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}
