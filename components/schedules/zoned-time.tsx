"use client";

import { useLocale } from "@/components/ui/locale";
import { browserTimeZone, formatInstant, formatInstantWithZone, sameWallClock } from "./schedule-format";
import styles from "./schedules.module.css";

/**
 * An instant in the schedule's timezone, and below it in the viewer's own when their
 * clocks differ: "9:00 AM in New York" is what the schedule means, the second line is
 * when it lands for the person reading.
 */
export function ZonedTime(props: { iso: string; timeZone: string }) {
  const local = browserTimeZone();
  const locale = useLocale();
  return (
    <span className={styles.zoned}>
      <span>
        <time dateTime={props.iso}>{formatInstant(props.iso, props.timeZone, locale)}</time>{" "}
        <span className="muted">{props.timeZone}</span>
      </span>
      {sameWallClock(props.iso, props.timeZone, local) ? null : (
        <span className={styles.localTime}>{formatInstantWithZone(props.iso, local, locale)} your time</span>
      )}
    </span>
  );
}
