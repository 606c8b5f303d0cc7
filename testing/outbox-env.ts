import { afterAll, afterEach, beforeAll } from "vitest";

const STORAGE_SETTINGS = ["CHARTROOM_EXPORT_DIR", "CHARTROOM_S3_BUCKET", "CHARTROOM_S3_ENDPOINT"];

/**
 * For a test file whose runs keep their e-mails in the outbox (no Resend, no SMTP, logs
 * off) and whose tests each choose export storage (a directory or a bucket): the storage
 * settings go after each test, the whole environment after the file.
 */
export function outboxMailPerTestStorage(): void {
  const saved = { ...process.env };
  beforeAll(() => {
    delete process.env.RESEND_API_KEY;
    delete process.env.CHARTROOM_SMTP_HOST;
    process.env.CHARTROOM_MAIL_TRANSPORT = "outbox";
    process.env.CHARTROOM_LOG = "off";
  });
  afterEach(() => {
    for (const name of STORAGE_SETTINGS) delete process.env[name];
  });
  afterAll(() => {
    process.env = saved;
  });
}
