// Baselines from the database's own shell: the same SQL, its output read to the end.
import { spawn } from "node:child_process";
import type { DatabaseConfig } from "../../lib/db/config";
import type { Sql } from "../../lib/db/sql";

/** The same SQL with its values written in, for the database's own shell. */
export function literalSql(provider: "sqlite" | "postgres", query: Sql): string {
  const { text, values } = query.render(provider);
  let i = 0;
  const literal = (v: unknown) =>
    typeof v === "number" ? String(v) : `'${String(v instanceof Date ? v.toISOString() : v).replace(/'/g, "''")}'`;
  return provider === "postgres"
    ? text.replace(/\$(\d+)/g, (_, n) => literal(values[Number(n) - 1]))
    : text.replace(/\?/g, () => literal(values[i++]));
}

export type ShellOutput = "csv" | "json" | "table";

/** The shell command that prints the query's rows in the format. */
export function shellCommand(
  config: DatabaseConfig,
  statement: string,
  output: ShellOutput,
): { cmd: string; args: string[] } {
  if (config.provider === "sqlite") {
    const mode = output === "csv" ? ["-csv", "-header"] : output === "json" ? ["-json"] : [];
    return { cmd: "sqlite3", args: [...mode, config.url, statement] };
  }
  const oneLine = statement.replace(/\s+/g, " ");
  if (output === "csv")
    return { cmd: "psql", args: [config.url, "-q", "-c", `\\copy (${oneLine}) to stdout with (format csv, header)`] };
  if (output === "json")
    return {
      cmd: "psql",
      args: [config.url, "-q", "-c", `\\copy (SELECT row_to_json(q) FROM (${oneLine}) q) to stdout`],
    };
  return { cmd: "psql", args: [config.url, "-q", "-c", oneLine] };
}

/** Runs the shell and reads its output as a client would; resolves to the bytes read. Rejects with ENOENT when it is not installed. */
export function runShell({ cmd, args }: { cmd: string; args: string[] }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(bytes) : reject(new Error(`${cmd} exited with ${code}: ${stderr.slice(0, 300)}`)),
    );
  });
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}
