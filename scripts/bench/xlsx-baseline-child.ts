// Child process of `npm run bench`: the XLSX baseline, the same rows written the way most
// apps do it, with exceljs's non-streaming Workbook (every row in memory, then one write).
//   xlsx-baseline-child.ts <provider> <database url> <workspace id> <report definition JSON> <time zone>
// Prints "idle <kB>" once ready (the parent samples the RSS from then on), then one
// JSON line: time (ms) and rows.
import { createWriteStream, readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { openConnection } from "../../lib/db/connection";
import type { Provider } from "../../lib/db/config";
import { checkDefinition } from "../../lib/reports/check";
import { streamReport } from "../../lib/reports/engine";

const [provider, url, workspaceId, definition, timeZone] = process.argv.slice(2);

function kb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

const conn = openConnection({ provider: provider as Provider, url });
const report = checkDefinition(JSON.parse(definition), { timezone: timeZone });
const idleKb = kb("VmRSS");
console.log(`idle ${idleKb}`);
const t = performance.now();
const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet("Data");
sheet.columns = report.columns.map((c) => ({ header: c.label, key: c.key, width: 16 }));
let rows = 0;
for await (const batch of streamReport(conn, report, workspaceId)) {
  for (const row of batch) sheet.addRow(row);
  rows += batch.length;
}
await workbook.xlsx.write(createWriteStream("/dev/null"));
const ms = performance.now() - t;
await conn.close();
console.log(JSON.stringify({ ms, rows, idleKb, peakMb: (kb("VmHWM") - idleKb) / 1024 }));
