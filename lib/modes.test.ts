import { describe, expect, it } from "vitest";
import { demoMode, mailSettings, mailWarning } from "./modes";

describe("demo mode", () => {
  it("is on for the embedded SQLite default and off for PostgreSQL unless set", () => {
    expect(demoMode({})).toBe(true);
    expect(demoMode({ DATABASE_URL: "file:.data/chartroom.db" })).toBe(true);
    expect(demoMode({ DATABASE_URL: "postgresql://u@db:5432/chartroom" })).toBe(false);
    expect(demoMode({ DATABASE_URL: "postgres://u@db/chartroom" })).toBe(false);
    expect(demoMode({ DATABASE_URL: "postgresql://u@db/chartroom", CHARTROOM_DEMO: "on" })).toBe(true);
    expect(demoMode({ CHARTROOM_DEMO: "off" })).toBe(false);
    expect(() => demoMode({ CHARTROOM_DEMO: "yes" })).toThrow(/CHARTROOM_DEMO must be "on" or "off"/);
  });
});

describe("mail transport", () => {
  it("picks Resend, then SMTP, then the outbox, unless named", () => {
    expect(mailSettings({ RESEND_API_KEY: "re_x" })).toEqual({ transport: "resend", apiKey: "re_x" });
    expect(mailSettings({ CHARTROOM_SMTP_HOST: "mail.example.com" })).toEqual({
      transport: "smtp",
      smtp: { host: "mail.example.com", port: 587, tls: "starttls", user: null, password: null },
    });
    expect(
      mailSettings({
        CHARTROOM_SMTP_HOST: "m",
        CHARTROOM_SMTP_PORT: "465",
        CHARTROOM_SMTP_USER: "u",
        CHARTROOM_SMTP_PASSWORD: "p",
      }),
    ).toEqual({
      transport: "smtp",
      smtp: { host: "m", port: 465, tls: "tls", user: "u", password: "p" },
    });
    expect(mailSettings({})).toEqual({ transport: "outbox", configured: true });
    expect(mailSettings({ DATABASE_URL: "postgresql://x/y" })).toEqual({ transport: "outbox", configured: false });
    expect(mailSettings({ DATABASE_URL: "postgresql://x/y", CHARTROOM_MAIL_TRANSPORT: "outbox" })).toEqual({
      transport: "outbox",
      configured: true,
    });
    expect(() => mailSettings({ CHARTROOM_MAIL_TRANSPORT: "smtp" })).toThrow(/CHARTROOM_SMTP_HOST is required/);
    expect(() => mailSettings({ CHARTROOM_MAIL_TRANSPORT: "pigeon" })).toThrow(/resend, smtp or outbox/);
  });

  it("warns outside demo mode when mail cannot leave the instance", () => {
    expect(mailWarning({})).toBeNull();
    expect(mailWarning({ DATABASE_URL: "postgresql://x/y" })).toMatch(/^Mail cannot be sent/);
    expect(mailWarning({ DATABASE_URL: "postgresql://x/y", CHARTROOM_SMTP_HOST: "m" })).toBeNull();
  });
});
