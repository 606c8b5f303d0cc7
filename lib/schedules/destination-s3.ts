import "server-only";
import { PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { config } from "../config";
import { guardedAgents, OutboundError, outboundUrlProblem } from "../net/outbound";
import { secretOf, settingsOf, type DestinationRecord, type S3Settings } from "./destinations";

// Writing a run's files to a workspace's own S3-compatible bucket. The same run writes the
// same keys on every attempt, so a retry overwrites what an earlier attempt may have left.

/** A file of the run, read once and handed to every destination. */
export interface RunFile {
  format: string;
  name: string;
  contentType: string;
  content: Buffer;
}

export interface KeyValues {
  schedule: string;
  report: string;
  /** The occurrence's date in the schedule's time zone. */
  date: string;
}

/** A placeholder's value as one safe key segment: no slashes, no control characters. */
const segment = (value: string) =>
  value
    .normalize("NFKC")
    .replace(/[\u0000-\u001f\u007f/\\]+/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100) || "-";

export function objectKey(prefix: string, values: KeyValues, file: { format: string; name: string }): string {
  const rendered = prefix.replace(/\{(schedule|report|date|format)\}/g, (_whole, name: string) =>
    segment(name === "format" ? file.format : values[name as keyof KeyValues]),
  );
  return `${rendered}${file.name}`;
}

function clientFor(d: DestinationRecord): { client: S3Client; settings: S3Settings } {
  const settings = settingsOf<S3Settings>(d);
  if (settings.endpoint) {
    // Checked again at use: the instance setting may have changed since it was saved.
    const problem = outboundUrlProblem(settings.endpoint);
    if (problem) throw new OutboundError(`The bucket endpoint ${problem}.`, false);
  }
  const timeout = config().outbound.timeoutMs;
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint ?? undefined,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: secretOf(d) },
    // One try per call: retries, with their backoff, are the delivery's own.
    maxAttempts: 1,
    requestHandler: { ...guardedAgents(), connectionTimeout: timeout, requestTimeout: timeout },
  });
  return { client, settings };
}

/** Whether an S3 failure may go away by itself (throttling, 5xx, network) or will repeat (4xx). */
export function s3Failure(error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? null;
    const transient = status === null || status === 408 || status === 429 || status >= 500;
    const what = error.name && error.name !== "Unknown" ? error.name : `HTTP ${status}`;
    return new OutboundError(`The bucket answered ${what}: ${error.message}`.slice(0, 500), transient, status);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof OutboundError) return cause;
  return new OutboundError(`The bucket could not be reached: ${(error as Error).message}`, true);
}

async function put(client: S3Client, settings: S3Settings, key: string, body: Buffer, contentType: string) {
  await client.send(
    new PutObjectCommand({
      Bucket: settings.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(settings.sse !== "none" ? { ServerSideEncryption: settings.sse } : {}),
      ...(settings.sse === "aws:kms" && settings.kmsKeyId ? { SSEKMSKeyId: settings.kmsKeyId } : {}),
    }),
  );
}

/** Writes every file; the keys written, for the delivery record. Throws OutboundError. */
export async function deliverToBucket(d: DestinationRecord, files: RunFile[], values: KeyValues): Promise<string[]> {
  const { client, settings } = clientFor(d);
  const keys: string[] = [];
  try {
    for (const file of files) {
      const key = objectKey(settings.keyPrefix, values, file);
      await put(client, settings, key, file.content, file.contentType);
      keys.push(key);
    }
    return keys;
  } catch (error) {
    throw s3Failure(error);
  } finally {
    client.destroy();
  }
}

/** "Send test": a small text object beside where the files will go. */
export async function testBucket(d: DestinationRecord, values: KeyValues): Promise<string> {
  const { client, settings } = clientFor(d);
  const name = `chartroom-test-${new Date().toISOString().replace(/[:.]/g, "-")}.txt`;
  const key = objectKey(settings.keyPrefix, values, { format: "txt", name });
  try {
    await put(
      client,
      settings,
      key,
      Buffer.from("A test from Chartroom: this bucket destination works.\n"),
      "text/plain",
    );
    return `Wrote s3://${settings.bucket}/${key}`;
  } catch (error) {
    throw s3Failure(error);
  } finally {
    client.destroy();
  }
}
