import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import Cursor from "pg-cursor";
import { to as copyTo } from "pg-copy-streams";
import { failureGate } from "../failure-gate";
import { logEvent } from "../log";
import { databaseConfig, type DatabaseConfig, type Provider } from "./config";
import type { Sql } from "./sql";

export type Row = Record<string, unknown>;

// int8 (counts, sums of integers) and numeric arrive as strings by default.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMPTZ_TEXT =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/**
 * timestamptz text → epoch ms, as SQLite gives instants: streamed rows then carry a number
 * rather than a Date (in the Next.js server, which wraps the Date constructor, a Date per
 * row is most of an export's garbage). Anything unusual (BC, infinity, 5-digit years)
 * goes to pg's own parser.
 */
export function timestamptzMs(text: string): number | Date | string {
  const m = TIMESTAMPTZ_TEXT.exec(text);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (!m || m[1] < "0100") return pg.types.getTypeParser(TIMESTAMPTZ_OID, "text")(text) as Date | string;
  const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
  const ms = m[7] ? Number(m[7].padEnd(3, "0").slice(0, 3)) : 0;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return m[8] === "-" ? local + offset : local - offset;
}

const STREAM_TYPES = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMPTZ_OID && format !== "binary" ? timestamptzMs : pg.types.getTypeParser(oid, format),
};

/**
 * Direct driver access for analytics SQL (aggregates, streaming cursors, bulk loads).
 * CRUD goes through Prisma (lib/db.ts); both see the same database.
 */
export interface Connection {
  readonly provider: Provider;
  query<T extends Row = Row>(query: Sql): Promise<T[]>;
  execute(query: Sql): Promise<number>;
  /** Multi-statement script (migrations). */
  exec(script: string): Promise<void>;
  /** Rows in bounded batches from a server-side cursor: memory stays flat whatever the result size. */
  stream<T extends Row = Row>(query: Sql, batchSize?: number): AsyncGenerator<T[]>;
  /** As stream, with each row as an array of its values in SELECT order (no object per row). */
  streamArrays(query: Sql, batchSize?: number): AsyncGenerator<unknown[][]>;
  transaction<T>(fn: (tx: Connection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * SQLite only: rows as arrays from a read-only connection of its own, held in one read
   * transaction until `close`, so every query sees the same snapshot while writers go on.
   * Null for an in-memory database (it has no second connection).
   */
  snapshot?(): SqliteSnapshot | null;
  /**
   * PostgreSQL only: the raw bytes of `COPY (…) TO STDOUT` on a client of its own, after
   * `setup` statements (session settings) on the same client. Leaving the loop early ends
   * the COPY by discarding the client.
   */
  copyOut?(statement: string, setup?: string[]): AsyncGenerator<Buffer>;
}

export interface SqliteSnapshot {
  all(query: Sql): unknown[][];
  close(): void;
}

export function openSqliteFile(file: string, readonly = false): Database.Database {
  if (file !== ":memory:" && !readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma("busy_timeout = 10000");
  if (!readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("foreign_keys = ON");
  registerFunctions(db);
  return db;
}

/** Interpolated percentile (as PostgreSQL's percentile_cont), which SQLite lacks. */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const rank = p * (values.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return values[lo] + (values[hi] - values[lo]) * (rank - lo);
}

interface PercentileState {
  values: number[];
  p: number;
}

function registerFunctions(db: Database.Database) {
  db.aggregate<PercentileState>("chartroom_percentile", {
    varargs: true,
    deterministic: true,
    start: () => ({ values: [], p: 0.5 }),
    step: (state: PercentileState, ...args: unknown[]) => {
      const [value, p] = args;
      if (typeof value === "number" || typeof value === "bigint") state.values.push(Number(value));
      state.p = Number(p);
      return state;
    },
    result: (state: PercentileState) => percentileCont(state.values, state.p),
  });
}

class SqliteConnection implements Connection {
  readonly provider = "sqlite" as const;
  // One connection serves the whole process, so its transactions must take turns.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {}

  async query<T extends Row>(query: Sql): Promise<T[]> {
    const { text, values } = query.render("sqlite");
    return this.db.prepare(text).all(...values) as T[];
  }

  async execute(query: Sql): Promise<number> {
    const { text, values } = query.render("sqlite");
    return this.db.prepare(text).run(...values).changes;
  }

  async exec(script: string): Promise<void> {
    this.db.exec(script);
  }

  stream<T extends Row>(query: Sql, batchSize = 1000): AsyncGenerator<T[]> {
    return this.iterate<T>(query, batchSize, false);
  }

  streamArrays(query: Sql, batchSize = 1000): AsyncGenerator<unknown[][]> {
    return this.iterate<unknown[]>(query, batchSize, true);
  }

  private async *iterate<T>(query: Sql, batchSize: number, arrays: boolean): AsyncGenerator<T[]> {
    const { text, values } = query.render("sqlite");
    // Its own read-only connection: an open iterator keeps a connection busy, and WAL
    // gives this reader a consistent snapshot while writers go on.
    const reader = this.file === ":memory:" ? this.db : openSqliteFile(this.file, true);
    try {
      const statement = reader.prepare(text);
      if (arrays) statement.raw(true);
      const iterator = statement.iterate(...values) as IterableIterator<T>;
      try {
        let batch: T[] = [];
        for (const row of iterator) {
          batch.push(row);
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
            // SQLite reads block the event loop; a consumer that pulls in microtasks (a web
            // stream read as fast as it is written) would otherwise starve other requests.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
        if (batch.length > 0) yield batch;
      } finally {
        iterator.return?.();
      }
    } finally {
      if (reader !== this.db) reader.close();
    }
  }

  snapshot(): SqliteSnapshot | null {
    if (this.file === ":memory:") return null;
    const reader = openSqliteFile(this.file, true);
    reader.exec("BEGIN");
    const statements = new Map<string, Database.Statement>();
    return {
      all(query) {
        const { text, values } = query.render("sqlite");
        let statement = statements.get(text);
        if (!statement) {
          statement = reader.prepare(text).raw(true);
          statements.set(text, statement);
        }
        return statement.all(...values) as unknown[][];
      },
      close() {
        if (reader.inTransaction) reader.exec("COMMIT");
        reader.close();
      },
    };
  }

  transaction<T>(fn: (tx: Connection) => Promise<T>): Promise<T> {
    const run = async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(this);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

type PgQueryable = pg.Pool | pg.PoolClient;

class PostgresConnection implements Connection {
  readonly provider = "postgres" as const;
  /**
   * @param pool short queries and transactions.
   * @param streams cursors and COPYs, which hold a client for as long as a download runs:
   *   a pool of their own, so that exports, however many, never take the clients that
   *   health checks and interactive requests wait for.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly streams: pg.Pool,
    private readonly client: PgQueryable = pool,
  ) {}

  async query<T extends Row>(query: Sql): Promise<T[]> {
    const { text, values } = query.render("postgres");
    return (await this.client.query(text, values)).rows as T[];
  }

  async execute(query: Sql): Promise<number> {
    const { text, values } = query.render("postgres");
    return (await this.client.query(text, values)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  stream<T extends Row>(query: Sql, batchSize = 1000): AsyncGenerator<T[]> {
    return this.iterate<T>(query, batchSize, false);
  }

  streamArrays(query: Sql, batchSize = 1000): AsyncGenerator<unknown[][]> {
    return this.iterate<unknown[]>(query, batchSize, true);
  }

  private async *iterate<T>(query: Sql, batchSize: number, arrays: boolean): AsyncGenerator<T[]> {
    const { text, values } = query.render("postgres");
    const client = await this.streams.connect();
    let failed = false;
    // A checked-out client that loses its server emits "error": unheard, that would end the
    // process, and the pending read would never settle. Heard, it fails the read.
    const gate = failureGate();
    const onError = (error: Error) => {
      failed = true;
      gate.fail(error);
    };
    const onEnd = () => onError(new Error("The database connection ended."));
    client.on("error", onError);
    client.on("end", onEnd);
    const cursor = client.query(
      new Cursor<T>(text, values, arrays ? { rowMode: "array", types: STREAM_TYPES } : { types: STREAM_TYPES }),
    );
    try {
      for (;;) {
        const rows = await gate.until(cursor.read(batchSize));
        if (rows.length === 0) break;
        yield rows;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Closing a cursor on a dead connection never settles; the client is discarded instead.
      if (!failed) await cursor.close().catch(() => undefined);
      client.removeListener("error", onError);
      client.removeListener("end", onEnd);
      client.release(failed);
    }
  }

  async *copyOut(statement: string, setup: string[] = []): AsyncGenerator<Buffer> {
    const client = await this.streams.connect();
    // Clean only once the COPY ran to its end and the session settings were reset.
    let clean = false;
    const gate = failureGate();
    const onError = (error: Error) => gate.fail(error);
    const onEnd = () => onError(new Error("The database connection ended."));
    client.on("error", onError);
    client.on("end", onEnd);
    try {
      for (const text of setup) await gate.until(client.query(text));
      const stream = client.query(copyTo(statement));
      stream.on("error", onError);
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      for (;;) {
        const next = await gate.until(chunks.next());
        if (next.done) break;
        yield next.value;
        // Chunks the socket has already delivered are otherwise handed on in one run of
        // microtasks for as long as the reader keeps up, and a health check or any other
        // request waits for all of them (p95 335 → 33 ms for a query during two exports).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (setup.length > 0) await gate.until(client.query("RESET ALL"));
      clean = true;
    } finally {
      client.removeListener("error", onError);
      client.removeListener("end", onEnd);
      client.release(!clean);
    }
  }

  async transaction<T>(fn: (tx: Connection) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failed = false;
    const onError = () => (failed = true);
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await fn(new PostgresConnection(this.pool, this.streams, client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.removeListener("error", onError);
      client.release(failed);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.streams.end()]);
  }
}

/** Cursors and COPYs at once per process; more wait for a client of that pool. */
export const STREAM_CLIENTS = 10;

export function openConnection(config: DatabaseConfig = databaseConfig()): Connection {
  if (config.provider === "postgres") {
    const pools = [10, STREAM_CLIENTS].map((max) => {
      const pool = new pg.Pool({ connectionString: config.url, max });
      // An idle client losing its server must not crash the process.
      pool.on("error", (error) => logEvent("db.idle_client_error", { error: error.message }, "warn"));
      return pool;
    });
    return new PostgresConnection(pools[0], pools[1]);
  }
  return new SqliteConnection(openSqliteFile(config.url), config.url);
}

const globalForConnection = globalThis as unknown as { chartroomConnection?: Connection };

/** The process-wide connection for the configured database. */
export function connection(): Connection {
  globalForConnection.chartroomConnection ??= openConnection();
  return globalForConnection.chartroomConnection;
}
