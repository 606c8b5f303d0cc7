import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { config } from "../config";

// Requests to addresses a workspace chose (webhooks, bucket endpoints). A workspace must not
// be able to reach the instance's own network through them, so every address is checked
// where the socket connects: literal addresses before the request, names in the agent's
// `lookup`, so a name that resolves differently the second time (DNS rebinding) is
// checked on the answer actually used. Redirects are never followed.

/** A refused or failed outbound request; `transient` ones are worth trying again. */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  internal.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some)
  ["fc00::", 7], // unique local
  ["ff00::", 8], // multicast
] as const)
  internal.addSubnet(net, bits, "ipv6");

/** The 16 bytes of an IPv6 address (no zone), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.replace(/^\[|\]$/g, "").split("%")[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1].split(".").map(Number);
    text = `${text.slice(0, -v4[1].length)}${((parts[0] << 8) | parts[1]).toString(16)}:${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
}

/** An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number) => b.slice(at, at + 4).join(".");
  if (zero(0, 10) && b[10] === 255 && b[11] === 255) return v4(12); // ::ffff:a.b.c.d
  if (zero(0, 12) && !zero(12, 16)) return v4(12); // ::a.b.c.d (deprecated)
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12); // 64:ff9b::/96
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2); // 2002::/16
  return null;
}

/** Why a connection to this IP address is refused, or null when it is a public address. */
export function internalAddressProblem(address: string): string | null {
  const family = isIP(address.replace(/^\[|\]$/g, ""));
  if (family === 0) return `${address} is not an IP address`;
  const bare = address.replace(/^\[|\]$/g, "");
  const inner = family === 6 ? embeddedIpv4(bare) : null;
  const blocked = inner ? internal.check(inner, "ipv4") : internal.check(bare, family === 4 ? "ipv4" : "ipv6");
  return blocked
    ? `${address}, a loopback, private, link-local or other internal address, which this instance does not send to`
    : null;
}

const allowPrivate = () => config().outbound.allowPrivate;

type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;
const systemResolver: Resolver = (hostname, callback) =>
  dnsLookup(hostname, { all: true }, (error, addresses) => callback(error, addresses ?? []));

/** A `lookup` for http(s) agents that refuses internal addresses, checked on the answer the socket uses. */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, found) => {
      if (error) return callback(error, "", 0);
      const family = typeof options === "object" && options?.family ? Number(options.family) : 0;
      const addresses = family ? found.filter((a) => a.family === family) : found;
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), "", 0);
      if (!allowPrivate()) {
        for (const a of addresses) {
          const problem = internalAddressProblem(a.address);
          if (problem) return callback(new OutboundError(`${hostname} resolves to ${problem}.`, false), "", 0);
        }
      }
      const cb = callback as unknown as (e: null, a: LookupAddress[] | string, f?: number) => void;
      if (typeof options === "object" && options?.all) cb(null, addresses);
      else cb(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Checks a URL a workspace gives: http or https, no credentials in it, and (unless the
 * instance allows internal targets) not a literal internal address in any spelling the URL
 * parser accepts (decimal, hex and short IPv4 forms arrive here already normalised).
 */
export function outboundUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https:// or http://";
  if (url.username || url.password) return "must not contain a user name or password";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate() && isIP(host) !== 0) {
    const problem = internalAddressProblem(host);
    if (problem) return `points at ${problem}`;
  }
  if (!allowPrivate() && (host === "localhost" || host.endsWith(".localhost")))
    return "points at this machine (localhost)";
  return null;
}

/** Agents for SDKs that take their own (the S3 client): same connect-time check. */
export function guardedAgents(resolve?: Resolver) {
  const lookup = guardedLookup(resolve);
  return { httpAgent: new http.Agent({ lookup }), httpsAgent: new https.Agent({ lookup }) };
}

export interface OutboundResponse {
  status: number;
  /** The start of the answer's body, at most `maxResponseBytes`. */
  body: string;
  location: string | null;
}

export interface OutboundRequest {
  method: "POST" | "PUT";
  headers: Record<string, string>;
  body: string | Buffer;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Name resolution (tests stand in a resolver that answers what they need). */
  resolve?: Resolver;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** One request, never redirected; any status is returned, failures to get one throw OutboundError. */
export function outboundRequest(raw: string, request: OutboundRequest): Promise<OutboundResponse> {
  const problem = outboundUrlProblem(raw);
  if (problem) return Promise.reject(new OutboundError(`The address ${problem}.`, false));
  const url = new URL(raw);
  const timeoutMs = request.timeoutMs ?? config().outbound.timeoutMs;
  const cap = request.maxResponseBytes ?? 64 * 1024;
  const client = url.protocol === "https:" ? https : http;
  const lookup = guardedLookup(request.resolve);
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, cap).toString("utf8"),
            location: typeof res.headers.location === "string" ? res.headers.location : null,
          });
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= cap) chunks.push(chunk);
          else {
            // Enough to tell what happened; the rest is not read.
            chunks.push(chunk);
            res.destroy();
            done();
          }
        });
        res.on("end", done);
        res.on("error", (error) => reject(new OutboundError(error.message, true)));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error instanceof OutboundError) return reject(error);
      if (error.name === "AbortError" || error.name === "TimeoutError")
        return reject(new OutboundError(`No answer within ${timeoutMs} ms.`, true));
      const code = error.code ?? "";
      if (code === "ENOTFOUND") return reject(new OutboundError(`${url.hostname} was not found.`, true));
      reject(new OutboundError(`${code && NETWORK_CODES.has(code) ? code : "Request failed"}: ${error.message}`, true));
    });
    req.end(request.body);
  });
}
