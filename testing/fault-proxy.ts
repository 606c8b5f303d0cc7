import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of a real server (the s3rver stand-in) that records every request
 * and fails the next ones on demand, so a test can see what a client sent and make a
 * real service look down for a moment.
 */
export class FaultProxy {
  readonly requests: { method: string; path: string; status: number }[] = [];
  private server: Server | null = null;
  private failing = { left: 0, status: 503, body: "" };
  url = "";

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const path = req.url ?? "/";
      if (this.failing.left > 0) {
        this.failing.left -= 1;
        this.requests.push({ method: req.method ?? "", path, status: this.failing.status });
        req.resume();
        res.writeHead(this.failing.status, { "content-type": "application/xml" });
        return res.end(this.failing.body);
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path, headers: req.headers },
        (answer) => {
          this.requests.push({ method: req.method ?? "", path, status: answer.statusCode ?? 0 });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** The next `count` requests get `status` with an S3-style error body, without reaching the server. */
  failNext(count: number, status = 503, code = "SlowDown"): void {
    this.failing = {
      left: count,
      status,
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>Injected by the test</Message></Error>`,
    };
  }

  /** PUT requests (object writes) whose path starts with `prefix`. */
  puts(prefix: string) {
    return this.requests.filter((r) => r.method === "PUT" && r.path.startsWith(prefix));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
