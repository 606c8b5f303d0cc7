import { describe, expect, it } from "vitest";
import { isTrusted, normalizeAddress, parseTrustedProxies, resolveClient } from "./forwarded.mjs";

describe("trusted proxies", () => {
  it("parses IPv4 and IPv6 addresses and CIDR ranges, and refuses anything else", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8, 192.168.1.7 ::1,2001:db8::/32");
    expect(ranges).toHaveLength(4);
    expect(parseTrustedProxies("")).toEqual([]);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0/8", "::1/129", "1.2.3.4/8/1", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/CHARTROOM_TRUSTED_PROXIES/);
    }
  });

  it("matches addresses in every spelling: IPv4-mapped IPv6, brackets, zones, upper case", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8,2001:db8::/32,fe80::/10");
    expect(isTrusted("10.20.30.40", ranges)).toBe(true);
    expect(isTrusted("::ffff:10.20.30.40", ranges)).toBe(true);
    expect(isTrusted("::FFFF:10.20.30.40", ranges)).toBe(true);
    expect(isTrusted("11.0.0.1", ranges)).toBe(false);
    expect(isTrusted("[2001:DB8:ffff::1]", ranges)).toBe(true);
    expect(isTrusted("2001:db9::1", ranges)).toBe(false);
    expect(isTrusted("fe80::1%eth0", ranges)).toBe(true);
    expect(isTrusted("not-an-ip", ranges)).toBe(false);
    expect(isTrusted("10.0.0.1", [])).toBe(false);
    expect(isTrusted("203.0.113.9", parseTrustedProxies("0.0.0.0/0"))).toBe(true);
    expect(isTrusted("::ffff:203.0.113.9", parseTrustedProxies("::ffff:0:0/96"))).toBe(true);
    expect(normalizeAddress("2001:0DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeAddress("203.0.113.9:4711")).toBe("203.0.113.9");
  });

  it("takes the socket's address unless the peer is a trusted proxy", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8");
    const forged = { peer: "203.0.113.5", forwardedFor: "1.1.1.1", forwardedProto: "https" };
    expect(resolveClient(forged, ranges)).toEqual({ address: "203.0.113.5", proto: "http", trustedPeer: false });
    expect(resolveClient(forged, [])).toEqual({ address: "203.0.113.5", proto: "http", trustedPeer: false });
    expect(resolveClient({ peer: "::ffff:203.0.113.5" }, [])).toMatchObject({ address: "203.0.113.5" });
  });

  it("walks X-Forwarded-For right to left past trusted hops; earlier entries are the client's to forge", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8");
    const hop = (forwardedFor: string | string[]) => resolveClient({ peer: "10.0.0.2", forwardedFor }, ranges).address;
    expect(hop("198.51.100.7")).toBe("198.51.100.7");
    expect(hop("6.6.6.6, 198.51.100.7, 10.0.0.9")).toBe("198.51.100.7");
    expect(hop(["6.6.6.6, 198.51.100.7", "10.0.0.9"])).toBe("198.51.100.7");
    expect(hop("10.0.0.8, 10.0.0.9")).toBe("10.0.0.8");
    expect(hop("")).toBe("10.0.0.2");
    expect(hop("garbage, 198.51.100.7")).toBe("198.51.100.7");
    expect(hop("198.51.100.7, garbage")).toBe("10.0.0.2");
    expect(resolveClient({ peer: "10.0.0.2", forwardedProto: "https" }, ranges).proto).toBe("https");
    expect(resolveClient({ peer: "10.0.0.2", forwardedProto: "ftp" }, ranges).proto).toBe("http");
  });
});
