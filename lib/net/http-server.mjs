// The HTTP front of `npm start`: a plain Node server around Next.js's request handler.
// `next start` cannot say who a request really comes from (it fills X-Forwarded-For
// only when the client sent none) and drops Content-Length from route responses, so
// this layer does both before and after Next.js.
import { createServer } from "node:http";
import { CLIENT_IP_HEADER, CLIENT_PROTO_HEADER, FORWARDING_HEADERS, resolveClient } from "./forwarded.mjs";
import { BAD_PATH_BODY, isDecodablePath } from "./request-path.mjs";
import { contentSecurityPolicy, SECURITY_HEADERS } from "./security-headers.mjs";

/** A route sets this to a stored file's size; the server sends it as Content-Length. */
export const CONTENT_LENGTH_HEADER = "x-chartroom-content-length";

const OURS = new Set([CLIENT_IP_HEADER, CLIENT_PROTO_HEADER, CONTENT_LENGTH_HEADER]);

function badPath(res) {
  const headers = {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(BAD_PATH_BODY),
    "Cache-Control": "no-store",
    "Content-Security-Policy": contentSecurityPolicy(null),
  };
  for (const h of SECURITY_HEADERS) headers[h.key] = h.value;
  res.writeHead(400, headers);
  res.end(BAD_PATH_BODY);
}

function dropHeaders(req, names) {
  for (const name of names) delete req.headers[name];
  const raw = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!names.has(req.rawHeaders[i].toLowerCase())) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders = raw;
}

function setHeader(req, name, value) {
  req.headers[name] = value;
  req.rawHeaders.push(name, value);
}

/**
 * Turns the route's private length header into Content-Length just before the headers go
 * out. A compressed body has another length, so then the header is only dropped.
 */
function applyContentLength(res) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    const length = res.getHeader(CONTENT_LENGTH_HEADER);
    if (length !== undefined) {
      res.removeHeader(CONTENT_LENGTH_HEADER);
      if (/^\d+$/.test(String(length)) && !res.getHeader("content-encoding")) {
        res.removeHeader("transfer-encoding");
        res.setHeader("Content-Length", String(length));
      }
    }
    return writeHead.apply(this, args);
  };
}

/**
 * The request listener: refuses undecodable paths with the JSON error envelope, writes who
 * the client is into our headers (overwriting any copy the client sent), drops proxy
 * headers unless a trusted proxy sent them, then hands over to `handle`.
 */
export function chartroomListener(handle, { trustedProxies = [] } = {}) {
  return (req, res) => {
    if (!isDecodablePath(req.url)) return badPath(res);
    const client = resolveClient(
      {
        peer: req.socket.remoteAddress,
        forwardedFor: req.headers["x-forwarded-for"],
        forwardedProto: req.headers["x-forwarded-proto"],
        encrypted: Boolean(req.socket.encrypted),
      },
      trustedProxies,
    );
    dropHeaders(req, client.trustedPeer ? OURS : new Set([...OURS, ...FORWARDING_HEADERS]));
    if (client.address) setHeader(req, CLIENT_IP_HEADER, client.address);
    setHeader(req, CLIENT_PROTO_HEADER, client.proto);
    applyContentLength(res);
    return handle(req, res);
  };
}

/**
 * Idle keep-alive connections stay open longer than the 60 s idle timeout of common load
 * balancers: with Node's 5 s default, a proxy or client that reuses a connection just as the
 * server drops it gets a reset instead of an answer.
 */
const KEEP_ALIVE_MS = 65_000;

export function createChartroomServer(handle, options) {
  const server = createServer(chartroomListener(handle, options));
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed the keep-alive timeout, or a request arriving late on an idle connection is cut off.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}
