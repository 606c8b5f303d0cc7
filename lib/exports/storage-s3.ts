import "server-only";
import { config, readConfig } from "../config";
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { PassThrough, Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { PENDING_SUFFIX, type ExportStorage } from "./storage-types";

export interface S3Config {
  bucket: string;
  region: string;
  /** For S3-compatible servers (MinIO, R2, …); AWS itself needs none. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket. */
  prefix: string;
  /** Credentials; when absent the SDK's default chain (env, profile, instance role) applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** How long a presigned download URL lives. */
  urlTtlSeconds: number;
}

export function s3ConfigFromEnv(env: Record<string, string | undefined> = process.env): S3Config | null {
  const s3 = env === process.env ? config().s3 : readConfig(env).s3;
  return s3 ? { ...s3, prefix: "exports/", urlTtlSeconds: 300 } : null;
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NotFound" || error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);

/**
 * Exports in an S3-compatible bucket. Files stream up as a multipart upload under a
 * pending key and are copied to their real key once complete; downloads go straight
 * to the bucket through a presigned URL.
 */
export function s3Storage(config: S3Config): ExportStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
  });
  const Bucket = config.bucket;
  const keyOf = (key: string) => {
    if (key.split("/").some((part) => part === ".." || part === "")) throw new Error("invalid storage key");
    return `${config.prefix}${key}`;
  };
  const deleteKeys = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 1000) {
      await client.send(
        new DeleteObjectsCommand({
          Bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  };

  return {
    openPending(key) {
      const final = keyOf(key);
      const temp = `${final}${PENDING_SUFFIX}`;
      const stream = new PassThrough();
      const upload = new Upload({ client, params: { Bucket, Key: temp, Body: stream }, queueSize: 2 });
      const uploaded = upload.done();
      // A failed upload fails the writer too, instead of leaving it blocked on a full buffer.
      uploaded.catch((error: unknown) => stream.destroy(error as Error));
      return {
        stream,
        publish: async () => {
          if (!stream.writableFinished) await finished(stream, { readable: false });
          await uploaded;
          await client.send(
            new CopyObjectCommand({
              Bucket,
              Key: final,
              CopySource: `${Bucket}/${encodeURIComponent(temp).replace(/%2F/g, "/")}`,
            }),
          );
          await deleteKeys([temp]);
          const head = await client.send(new HeadObjectCommand({ Bucket, Key: final }));
          return head.ContentLength ?? 0;
        },
        discard: async () => {
          // A writer that has not seen the failure yet may still write: those writes fail
          // with ERR_STREAM_DESTROYED, which must not end the process. Nothing is kept anyway.
          stream.on("error", () => undefined);
          stream.destroy();
          await upload.abort().catch(() => undefined);
          await uploaded.catch(() => undefined);
          await deleteKeys([temp]);
        },
      };
    },
    async open(key) {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
      if (!(object.Body instanceof Readable)) throw new Error("unexpected S3 response body");
      return object.Body;
    },
    async size(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }))).ContentLength ?? 0;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async remove(key) {
      await deleteKeys([keyOf(key), `${keyOf(key)}${PENDING_SUFFIX}`]);
    },
    async downloadUrl(key, headers) {
      const command = new GetObjectCommand({
        Bucket,
        Key: keyOf(key),
        ResponseContentDisposition: headers.contentDisposition,
        ResponseContentType: headers.contentType,
      });
      return getSignedUrl(client, command, { expiresIn: config.urlTtlSeconds });
    },
    async removePendingOlderThan(cutoff) {
      const stale: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: config.prefix, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          if (object.Key?.endsWith(PENDING_SUFFIX) && object.LastModified && object.LastModified < cutoff)
            stale.push(object.Key);
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      await deleteKeys(stale);
      return stale.length;
    },
  };
}
