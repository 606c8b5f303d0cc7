import "server-only";
import { config } from "../config";
import { localStorage } from "./storage-local";
import { s3ConfigFromEnv, s3Storage } from "./storage-s3";
import type { ExportStorage } from "./storage-types";

export { type ExportStorage, type PendingFile } from "./storage-types";

let cached: { signature: string; storage: ExportStorage } | undefined;

/** S3-compatible storage when CHARTROOM_S3_BUCKET is set, else files under CHARTROOM_EXPORT_DIR. */
export function exportStorage(): ExportStorage {
  const s3 = s3ConfigFromEnv();
  const signature = s3 ? JSON.stringify(s3) : `local:${config().exports.dir ?? ""}`;
  if (cached?.signature !== signature) cached = { signature, storage: s3 ? s3Storage(s3) : localStorage() };
  return cached.storage;
}
