// Decides who a request comes from. Plain JavaScript: the HTTP server of `npm start` runs
// it before Next.js (and its bundler) is involved.
import { isIP } from "node:net";

/** The headers our server writes; any copy a client sends is dropped first. */
export const CLIENT_IP_HEADER = "x-chartroom-client-ip";
export const CLIENT_PROTO_HEADER = "x-chartroom-client-proto";

/** Headers a proxy uses to speak for the client; only a trusted proxy's copies are kept. */
export const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
];

/** An address without brackets, zone or IPv4-mapped prefix, so one host has one spelling. */
export function normalizeAddress(address) {
  let a = String(address ?? "").trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.indexOf(":"));
  const zone = a.indexOf("%");
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1];
  if (isIP(a) === 0) return null;
  return isIP(a) === 6 ? compressIpv6(expandIpv6(a)) : a;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
function compressIpv6(groups) {
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best[1] < 2) return hex.join(":");
  return `${hex.slice(0, best[0]).join(":")}::${hex.slice(best[0] + best[1]).join(":")}`;
}

function expandIpv6(a) {
  let text = a.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === null ? [] : new Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** 128 bits of an address as a bigint; IPv4 as its IPv4-mapped IPv6 form. */
function toBits(address) {
  if (isIP(address) === 4) {
    const n = address.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return (0xffffn << 32n) | n;
  }
  return expandIpv6(address).reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/**
 * Parses `CHARTROOM_TRUSTED_PROXIES`: a comma- or space-separated list of addresses and
 * CIDR ranges, IPv4 or IPv6. Anything else throws, so a typo cannot silently trust nobody.
 */
export function parseTrustedProxies(value) {
  const ranges = [];
  for (const entry of String(value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const [addr, bitsText, extra] = entry.split("/");
    const address = normalizeAddress(addr);
    if (!address || extra !== undefined)
      throw new Error(`CHARTROOM_TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    const v4 = isIP(address) === 4;
    const max = v4 ? 32 : 128;
    const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
    if (!(bits >= 0 && bits <= max))
      throw new Error(`CHARTROOM_TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
    const prefix = v4 ? 96 + bits : bits;
    const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix);
    ranges.push({ network: toBits(address) & mask, mask });
  }
  return ranges;
}

export function isTrusted(address, ranges) {
  const a = normalizeAddress(address);
  if (!a || ranges.length === 0) return false;
  const bits = toBits(a);
  return ranges.some((r) => (bits & r.mask) === r.network);
}

function headerList(value) {
  const text = Array.isArray(value) ? value.join(",") : String(value ?? "");
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The client's address and scheme. The socket's peer decides, unless it is a trusted
 * proxy: then `X-Forwarded-For` is read right to left, skipping further trusted hops, and
 * the first untrusted address is the client (entries before it could be forged by that
 * client). `X-Forwarded-Proto` counts only from a trusted peer too.
 */
export function resolveClient({ peer, forwardedFor, forwardedProto, encrypted = false }, ranges) {
  const peerAddress = normalizeAddress(peer);
  let address = peerAddress;
  let proto = encrypted ? "https" : "http";
  if (!peerAddress || !isTrusted(peerAddress, ranges)) return { address, proto, trustedPeer: false };
  const hops = headerList(forwardedFor);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) break;
    address = hop;
    if (!isTrusted(hop, ranges)) break;
  }
  const protos = headerList(forwardedProto).map((p) => p.toLowerCase());
  const last = protos[protos.length - 1];
  if (last === "https" || last === "http") proto = last;
  return { address, proto, trustedPeer: true };
}
