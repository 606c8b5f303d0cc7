// Schedule presets and their cron expressions. Pure, so the schedule form and the
// server share one translation.

export const PRESET_KINDS = ["daily", "weekdays", "weekly", "monthly", "first_day", "last_day"] as const;
export type PresetKind = (typeof PRESET_KINDS)[number];

export interface Preset {
  kind: PresetKind;
  /** "HH:MM", 24-hour, in the schedule's timezone. */
  time: string;
  /** 0 (Sunday) … 6 (Saturday), for weekly. */
  weekday?: number;
  /** 1 … 28, for monthly (later days do not exist in every month; use last_day). */
  dayOfMonth?: number;
}

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function presetToCron(preset: Preset): string {
  const match = TIME.exec(preset.time);
  if (!match) throw new Error(`Invalid time "${preset.time}": use HH:MM.`);
  const at = `${Number(match[2])} ${Number(match[1])}`;
  switch (preset.kind) {
    case "daily":
      return `${at} * * *`;
    case "weekdays":
      return `${at} * * 1-5`;
    case "weekly":
      return `${at} * * ${clamp(preset.weekday ?? 1, 0, 6)}`;
    case "monthly":
      return `${at} ${clamp(preset.dayOfMonth ?? 1, 1, 28)} * *`;
    case "first_day":
      return `${at} 1 * *`;
    case "last_day":
      return `${at} L * *`;
  }
}

/** The preset a cron expression came from, or null when it is a custom expression. */
export function cronToPreset(cron: string): Preset | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, dom, month, dow] = parts;
  if (!/^\d+$/.test(minute) || !/^\d+$/.test(hour) || month !== "*") return null;
  const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`;
  if (!TIME.test(time)) return null;
  if (dom === "*" && dow === "*") return { kind: "daily", time };
  if (dom === "*" && dow === "1-5") return { kind: "weekdays", time };
  if (dom === "*" && /^[0-6]$/.test(dow)) return { kind: "weekly", time, weekday: Number(dow) };
  if (dow === "*" && dom === "L") return { kind: "last_day", time };
  if (dow === "*" && dom === "1") return { kind: "first_day", time };
  if (dow === "*" && /^\d+$/.test(dom) && Number(dom) >= 2 && Number(dom) <= 28) {
    return { kind: "monthly", time, dayOfMonth: Number(dom) };
  }
  return null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
