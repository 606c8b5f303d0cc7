"use client";

import { useId, useMemo, useState, useSyncExternalStore } from "react";
import { Input } from "@/components/ui/input";
import { formatUtcOffset } from "@/lib/format/dates";
import { RENAMED_ZONES } from "@/lib/time/zone-names";

let browserZones: string[] | null = null;
const NO_ZONES: string[] = [];
const unchanging = () => () => undefined;

function readBrowserZones(): string[] {
  // The browser may list renamed zones under their old names (Europe/Kiev): show the current ones.
  browserZones ??= [...new Set(Intl.supportedValuesOf("timeZone").map((zone) => RENAMED_ZONES[zone] ?? zone))].sort();
  return browserZones;
}

/** "UTC+02:00" now in `zone` (the offset changes with daylight saving, so it is today's). */
function currentOffset(zone: string, now: Date): string {
  try {
    return formatUtcOffset(now, zone);
  } catch {
    return "";
  }
}

/**
 * A searchable list of IANA time zones with their current UTC offsets: type part of a name
 * ("kyiv", "new_york") or of an offset ("+02"), then pick. Zones come from the browser, so
 * none are listed on the server and while hydrating (both render the same list).
 */
export function TimeZonePicker(props: { value: string; onChange: (zone: string) => void; disabled?: boolean }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const zones = useSyncExternalStore(unchanging, readBrowserZones, () => NO_ZONES);
  const options = useMemo(() => {
    const now = new Date();
    const all = zones.includes("UTC") ? zones : ["UTC", ...zones];
    const listed = all.includes(props.value) ? all : [props.value, ...all];
    const needle = query.trim().toLowerCase().replace(/\s+/g, "_");
    return listed
      .map((zone) => ({ zone, offset: currentOffset(zone, now) }))
      .filter(
        (o) =>
          !needle ||
          o.zone === props.value ||
          o.zone.toLowerCase().includes(needle) ||
          o.offset.toLowerCase().includes(needle),
      );
  }, [zones, query, props.value]);
  return (
    <div className="field tz-picker">
      <label className="label" htmlFor={`${id}-zone`}>
        Time zone
      </label>
      <Input
        type="search"
        aria-label="Search time zones"
        placeholder="Search, e.g. Kyiv or +02"
        value={query}
        disabled={props.disabled}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        id={`${id}-zone`}
        className="select tz-picker-list"
        size={6}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.zone} value={o.zone}>
            {o.zone} ({o.offset})
          </option>
        ))}
      </select>
    </div>
  );
}
