/** The account fields a session or API key is checked against on every request. */
export interface AccountState {
  active: boolean;
  sessionsValidFrom: Date | null;
}

/**
 * Whether a session signed in at `signedInAtMs` still counts: the account is active and the
 * session began no earlier than the account's "sessions valid from" instant (set when the
 * password changes or is reset). A session of unknown age counts only if nothing was revoked.
 */
export function sessionStillValid(account: AccountState, signedInAtMs: number | null): boolean {
  if (!account.active) return false;
  if (!account.sessionsValidFrom) return true;
  return signedInAtMs !== null && signedInAtMs >= account.sessionsValidFrom.getTime();
}
