/**
 * Limits every e2e server runs with, the main one and the extra ones a spec starts on the
 * same database: the specs together send far more than one user's hourly allowance.
 */
export const E2E_SERVER_LIMITS: Record<string, string> = {
  // The access matrix alone starts dozens of exports per user within a minute.
  CHARTROOM_RATE_EXPORTS_PER_USER: "1000",
  // Every spec signs in from 127.0.0.1, the real peer address now; the per-address limit is what they test.
  CHARTROOM_RATE_SIGNIN_PER_IP: "1000",
  // …and invites and runs now, each of which sends e-mail.
  CHARTROOM_RATE_SENDS_PER_USER: "1000",
  CHARTROOM_RATE_SENDS_PER_WORKSPACE: "1000",
  // The destinations spec's bucket and webhook receiver listen on 127.0.0.1.
  CHARTROOM_OUTBOUND_ALLOW_PRIVATE: "true",
};
