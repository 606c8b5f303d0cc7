"use client";

import { useQuery } from "@tanstack/react-query";
import type { CsvImportSummary, ImportChunkResult, ImportDataset } from "@/lib/imports/schemas";
import { fetchJson } from "./queries";

export interface ChunkRow {
  line: number;
  values: Record<string, string>;
}

/** The import API as plain calls: the upload loop drives them itself, one chunk at a time. */
export const importApi = {
  create: (input: { dataset: ImportDataset; fileName: string; mapping: Record<string, string> }) =>
    fetchJson<{ import: CsvImportSummary }>("/api/imports", { method: "POST", body: JSON.stringify(input) }).then(
      (r) => r.import,
    ),
  get: (id: string) =>
    fetchJson<{ import: CsvImportSummary }>(`/api/imports/${encodeURIComponent(id)}`).then((r) => r.import),
  sendChunk: (id: string, rows: ChunkRow[], final: boolean) =>
    fetchJson<ImportChunkResult>(`/api/imports/${encodeURIComponent(id)}/chunks`, {
      method: "POST",
      body: JSON.stringify({ rows, final }),
    }),
};

export const importKeys = { all: ["imports"] as const };

/** The workspace's last 20 imports, newest first. */
export function useImports(workspaceId: string) {
  return useQuery({
    queryKey: [...importKeys.all, workspaceId],
    queryFn: ({ signal }) => fetchJson<{ imports: CsvImportSummary[] }>("/api/imports", { signal }),
    select: (data) => data.imports,
  });
}
