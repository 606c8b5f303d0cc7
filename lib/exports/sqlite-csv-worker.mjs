// A worker thread that reads a report's rows from SQLite and writes them as CSV lines, so
// the synchronous driver steps through rows off the server's event loop. Plain JavaScript
// loaded at run time (outside the Next.js bundle); ./sqlite-csv.ts starts it, and a test
// compares its bytes with the in-process writer (./csv.ts, ./instant-text.ts,
// lib/reports/cells.ts, lib/time/zone.ts), whose rules it repeats.
import { createHmac } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import Papa from "papaparse";

/**
 * One job at a time; the thread stays for the next one. Messages in: { job } (below), then
 * { more: n } granting n more chunks. Messages out: { chunk: Uint8Array } (transferred),
 * then { done: true } or { error }.
 * job: { file, text, values, timeZone, chunkRows, pseudonymKey, workspaceId,
 * columns: [{ kind: "text" | "integer" | "number" | "cents" | "instant", pseudonym?: { field, prefix } }] }.
 * workerData: { formula, needsPapa }, the sources of the two patterns of ./csv.ts.
 */
const FORMULA_PREFIX = new RegExp(workerData.formula);
const NEEDS_PAPA = new RegExp(workerData.needsPapa);
const PAPA_OPTIONS = { header: false, newline: "\r\n", escapeFormulae: FORMULA_PREFIX };

function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return NEEDS_PAPA.test(value) ? Papa.unparse([[value]], PAPA_OPTIONS) : value;
}

const HOUR = 3_600_000;
const QUARTER_HOUR = 900_000;
const MIN_MS = -62_167_219_200_000;
const END_MS = 253_402_300_800_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

function offsetText(offset) {
  const abs = Math.abs(offset) / 60_000;
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const zones = new Map();

/** Offsets and ISO 8601 text in one zone, as lib/time/zone.ts and ./instant-text.ts work them out. */
function zone(timeZone) {
  let found = zones.get(timeZone);
  if (!found) {
    found = zoneTools(timeZone);
    zones.set(timeZone, found);
  }
  return found;
}

function zoneTools(timeZone) {
  const zoneFormat = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });

  function offsetAt(instantMs) {
    const parts = zoneFormat.formatToParts(new Date(instantMs));
    const get = (type) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return asUtc - Math.floor(instantMs / 1000) * 1000;
  }

  const offsetCache = new Map();

  function offsetOf(ms) {
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = offsetCache.get(slot);
    if (offset === undefined) {
      const start = offsetAt(slot * QUARTER_HOUR);
      offset = start === offsetAt(slot * QUARTER_HOUR + QUARTER_HOUR - 1000) ? start : Number.NaN;
      if (offsetCache.size >= 100_000) offsetCache.clear();
      offsetCache.set(slot, offset);
    }
    return Number.isNaN(offset) ? offsetAt(ms) : offset;
  }

  function isoInZone(ms) {
    const offset = offsetOf(ms);
    const local = new Date(ms + offset).toISOString().slice(0, 23);
    const abs = Math.abs(offset) / 60_000;
    return `${local}${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  }

  /** isoFormatterMs of ./instant-text.ts: the local date and hour worked out once per UTC quarter hour. */
  function isoFormatter() {
    let slotStart = Number.NaN;
    let slotEnd = Number.NaN;
    let offset = 0;
    let hourStart = 0;
    let prefix = "";
    let suffix = "";
    let suffixOffset = Number.NaN;
    return (ms) => {
      if (!(ms >= slotStart && ms < slotEnd)) {
        const start = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
        const local = ms + offsetOf(ms);
        const slotOffset = offsetOf(start);
        if (
          !(local >= MIN_MS && local < END_MS) ||
          slotOffset % QUARTER_HOUR !== 0 ||
          slotOffset !== offsetOf(start + QUARTER_HOUR - 1)
        ) {
          slotStart = slotEnd = Number.NaN;
          return isoInZone(ms);
        }
        slotStart = start;
        slotEnd = start + QUARTER_HOUR;
        offset = slotOffset;
        hourStart = Math.floor((start + offset) / HOUR) * HOUR;
        prefix = new Date(hourStart).toISOString().slice(0, 14);
        if (offset !== suffixOffset) {
          suffix = offsetText(offset);
          suffixOffset = offset;
        }
      }
      const within = ms + offset - hourStart;
      const seconds = Math.floor(within / 1000);
      return prefix + PAD2[Math.floor(seconds / 60)] + ":" + PAD2[seconds % 60] + "." + PAD3[within % 1000] + suffix;
    };
  }

  return { isoFormatter };
}

/** lib/reports/cells.ts: doubles to 15 significant digits, checked cheaply first. */
function fewDigits(v) {
  if (Number.isInteger(v)) return Math.abs(v) < 1e15;
  const cents = Math.round(v * 100);
  return cents / 100 === v && Math.abs(cents) < 1e15;
}

function pseudonymizer(job, field, prefix) {
  const memo = new Map();
  return (value) => {
    let out = memo.get(value);
    if (out === undefined) {
      if (memo.size >= 100_000) memo.clear();
      const digest = createHmac("sha256", job.pseudonymKey)
        .update(`${job.workspaceId}\n${field}\n${value}`)
        .digest("hex");
      out = `${prefix}_${digest.slice(0, 12)}`;
      memo.set(value, out);
    }
    return out;
  };
}

/** One column's cell text from the driver's value, as the in-process writer makes it. */
function cellWriter(job, column) {
  switch (column.kind) {
    case "instant": {
      const iso = zone(job.timeZone).isoFormatter();
      return (v) => (v === null || v === undefined ? "" : iso(Number(v)));
    }
    case "cents":
      return (v) => {
        if (v === null || v === undefined) return "";
        const cents = Number(v);
        return String(
          Number.isInteger(cents) ? (cents === 0 ? 0 : cents / 100) : Number((cents / 100).toPrecision(15)),
        );
      };
    case "integer":
      return (v) => (v === null || v === undefined ? "" : String(Math.round(Number(v))));
    case "number":
      return (v) =>
        v === null || v === undefined
          ? ""
          : String(typeof v === "number" && fewDigits(v) ? v : Number(Number(v).toPrecision(15)));
    default: {
      if (!column.pseudonym) return (v) => (v === null || v === undefined ? "" : csvCell(String(v)));
      const name = pseudonymizer(job, column.pseudonym.field, column.pseudonym.prefix);
      return (v) => {
        if (v === null || v === undefined) return "";
        const text = String(v);
        return text === "" ? "" : csvCell(name(text));
      };
    }
  }
}

let credits = 0;
let wake = null;
parentPort.on("message", (message) => {
  if (message.job) {
    credits = 0;
    run(message.job).catch((error) =>
      parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  credits += message.more;
  if (wake) {
    const resume = wake;
    wake = null;
    resume();
  }
});

async function run(job) {
  const db = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 10000");
    const statement = db.prepare(job.text).raw(true);
    const writers = job.columns.map((column) => cellWriter(job, column));
    const n = writers.length;
    const encoder = new TextEncoder();
    let text = "";
    let rows = 0;
    for (const row of statement.iterate(...job.values)) {
      let line = writers[0](row[0]);
      for (let i = 1; i < n; i++) line += "," + writers[i](row[i]);
      text += line + "\r\n";
      if (++rows >= job.chunkRows) {
        while (credits === 0) await new Promise((resolve) => (wake = resolve));
        credits--;
        const chunk = encoder.encode(text);
        parentPort.postMessage({ chunk }, [chunk.buffer]);
        text = "";
        rows = 0;
      }
    }
    if (text) {
      const chunk = encoder.encode(text);
      parentPort.postMessage({ chunk }, [chunk.buffer]);
    }
    parentPort.postMessage({ done: true });
  } finally {
    db.close();
  }
}
