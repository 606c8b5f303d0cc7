import "server-only";

/** Limits and timings; each can be changed with the environment variable named beside it. */
export function runSettings() {
  const n = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    /** CHARTROOM_EMAIL_SEND_ATTEMPTS: tries per recipient within one run attempt. */
    sendAttempts: Math.max(1, n("CHARTROOM_EMAIL_SEND_ATTEMPTS", 3)),
    /** CHARTROOM_EMAIL_BACKOFF_MS: first wait between those tries; doubles, with jitter. */
    sendBackoffMs: n("CHARTROOM_EMAIL_BACKOFF_MS", 500),
    /** CHARTROOM_SCHEDULE_RUN_ATTEMPTS: run attempts before a run is failed for good. */
    runAttempts: Math.max(1, n("CHARTROOM_SCHEDULE_RUN_ATTEMPTS", 4)),
    /** CHARTROOM_SCHEDULE_RETRY_MS: wait before a run's second attempt; doubles, with jitter. */
    runRetryMs: n("CHARTROOM_SCHEDULE_RETRY_MS", 60_000),
    /** CHARTROOM_SCHEDULE_PAUSE_AFTER: failed runs in a row that pause a schedule. */
    pauseAfter: Math.max(1, n("CHARTROOM_SCHEDULE_PAUSE_AFTER", 3)),
    /** CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES: above this, files go out as signed links. */
    attachmentMaxBytes: n("CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
  };
}
