// The earliest check on a request: a path that does not percent-decode is refused with the
// API's error envelope (Next.js would answer a bare 500 when it decodes it later).

/** Whether every `%` in the path starts a sequence that decodes to UTF-8. */
export function isDecodablePath(url) {
  const path = String(url ?? "").split("?")[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export const BAD_PATH_BODY = JSON.stringify({
  error: { code: "bad_request", message: "The request path has an invalid percent-encoding." },
});
