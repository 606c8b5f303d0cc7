// The Parquet export's baseline: DuckDB converting the same rows, already written as CSV
// by the database's own shell, into a Parquet file (snappy, as Chartroom writes). It reads
// no database, so it is what a dedicated columnar engine takes for the writing alone.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { timed } from "./common";

/** Runs the shell command with its output into `file`. */
function toFile(command: { cmd: string; args: string[] }, file: string): Promise<void> {
  const fd = openSync(file, "w");
  return new Promise<void>((resolve, reject) => {
    const proc = spawn(command.cmd, command.args, { stdio: ["ignore", fd, "inherit"] });
    proc.on("error", reject);
    proc.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command.cmd} exited with ${code}`))));
  }).finally(() => closeSync(fd));
}

/** Timed runs of DuckDB's COPY … TO 'x.parquet' over the CSV the shell command writes; the rows it wrote, to check. */
export async function duckdbParquetBaseline(
  runs: number,
  csvCommand: { cmd: string; args: string[] },
): Promise<{ times: number[]; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-bench-parquet-"));
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    const csv = join(dir, "rows.csv");
    const out = join(dir, "rows.parquet");
    await toFile(csvCommand, csv);
    const copy = `COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`;
    const times = await timed(runs, () => db.run(copy));
    const counted = await db.runAndReadAll(`SELECT count(*) FROM read_parquet('${out}')`);
    return { times, rows: Number(counted.getRowsJS()[0][0]) };
  } finally {
    db.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
