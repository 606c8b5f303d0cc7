import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_PROTO_HEADER } from "../net/forwarded.mjs";
import { wantsSecureCookies } from "../net/client";
import { authCookies, workspaceCookie } from "./cookies";
import { authOptions } from "./options";

const publicUrl = process.env.NEXTAUTH_URL;
const req = (headers: Record<string, string> = {}) =>
  new Request("http://internal:3000/api/workspaces/current", { headers });

describe("cookies over HTTPS", () => {
  afterEach(() => {
    if (publicUrl === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = publicUrl;
  });

  it("are Secure when the public URL is https, with next-auth's prefixed names", () => {
    process.env.NEXTAUTH_URL = "https://reports.example.com";
    expect(wantsSecureCookies(req())).toBe(true);
    expect(workspaceCookie("ws1", wantsSecureCookies(req()))).toMatch(/; Secure$/);
    const cookies = authOptions().cookies!;
    expect(cookies.sessionToken!.name).toBe("__Secure-next-auth.session-token");
    expect(cookies.csrfToken!.name).toBe("__Host-next-auth.csrf-token");
    for (const c of Object.values(cookies)) expect(c.options.secure, c.name).toBe(true);
  });

  it("are Secure when a trusted proxy reports HTTPS, keeping the unprefixed names sessions already use", () => {
    process.env.NEXTAUTH_URL = "http://internal:3000";
    const viaProxy = req({ [CLIENT_PROTO_HEADER]: "https" });
    expect(wantsSecureCookies(viaProxy)).toBe(true);
    expect(workspaceCookie("ws1", wantsSecureCookies(viaProxy))).toMatch(/; Secure$/);
    const cookies = authCookies(true);
    expect(cookies.sessionToken.name).toBe("next-auth.session-token");
    for (const c of Object.values(cookies)) expect(c.options.secure, c.name).toBe(true);
  });

  it("are not Secure over plain HTTP, whatever X-Forwarded-Proto a client sends", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const plain = req({ "x-forwarded-proto": "https" });
    expect(wantsSecureCookies(plain)).toBe(false);
    expect(workspaceCookie("ws1", wantsSecureCookies(plain))).not.toMatch(/Secure/);
    for (const c of Object.values(authCookies(false))) expect(c.options.secure, c.name).toBe(false);
  });
});
