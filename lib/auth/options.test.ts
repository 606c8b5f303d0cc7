import { describe, expect, it } from "vitest";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../demo/seed";
import { verifyCredentials } from "./options";

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await verifyCredentials({ email: DEMO_EMAIL.toUpperCase(), password: DEMO_PASSWORD });
    expect(user?.email).toBe(DEMO_EMAIL);
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    expect(await verifyCredentials({ email: DEMO_EMAIL, password: "wrong" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.com", password: DEMO_PASSWORD })).toBeNull();
    expect(await verifyCredentials({ email: "not an email", password: "x" })).toBeNull();
    expect(await verifyCredentials(null)).toBeNull();
  });
});
