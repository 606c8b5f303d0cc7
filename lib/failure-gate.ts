/**
 * Waits that a failure elsewhere (a dropped connection, a closed client) cuts short.
 * Not Promise.race against one long-lived "failed" promise: each race leaves a reaction on
 * that promise which keeps the race's result alive until it settles, so a loop that races
 * every batch of an export held all of them (+475 MB for a million PostgreSQL rows).
 */
export interface FailureGate {
  /** The first failure, once there is one. */
  readonly failure: Error | null;
  /** Records the failure (the first one wins) and rejects every wait in progress. */
  fail(error: Error): void;
  /** `promise`, or the failure if it comes first (at once, if it already came). */
  until<T>(promise: Promise<T>): Promise<T>;
}

export function failureGate(): FailureGate {
  let failure: Error | null = null;
  const waiting = new Set<(error: Error) => void>();
  return {
    get failure() {
      return failure;
    },
    fail(error) {
      if (failure) return;
      failure = error;
      for (const reject of waiting) reject(error);
      waiting.clear();
    },
    until(promise) {
      return new Promise((resolve, reject) => {
        // Handled even when the failure is already known: a read issued on a dead connection
        // rejects too, and an unhandled rejection would end the process.
        promise.then(resolve, reject).then(() => waiting.delete(reject));
        if (failure) return reject(failure);
        waiting.add(reject);
      });
    },
  };
}
