import { CONTENT_LENGTH_HEADER } from "./http-server.mjs";

/**
 * Headers for a stored file of known size. Next.js drops Content-Length from route
 * answers, so the size travels in our header and the HTTP front of `npm start` restores
 * it; `no-transform` keeps compression from changing the length on the way.
 */
export function storedFileHeaders(size: number): Record<string, string> {
  return {
    [CONTENT_LENGTH_HEADER]: String(size),
    "Content-Length": String(size),
    "Cache-Control": "no-store, no-transform",
  };
}
