import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as apiKeysRoute } from "@/app/api/api-keys/route";
import { GET as exportsRoute } from "@/app/api/exports/route";
import { GET as exportRoute } from "@/app/api/exports/[id]/route";
import { POST as acceptRoute } from "@/app/api/invites/accept/route";
import { GET as outboxRoute } from "@/app/api/outbox/route";
import { GET as teamRoute } from "@/app/api/team/route";
import { POST as joinCodeRoute } from "@/app/api/team/join-code/route";
import { testApiKey } from "../../testing/api";
import { seeded } from "../../testing/db";

const { acme } = seeded();

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

async function call<P>(handler: Handler<P>, key: string, params: P, method = "GET") {
  const req = new NextRequest("http://localhost/api/test", { method, headers: { Authorization: `Bearer ${key}` } });
  return handler(req, { params: Promise.resolve(params) });
}

describe("Cache-Control of authenticated answers", () => {
  it("is no-store on JSON answers holding join codes, invites, keys, exports and the outbox, and on errors", async () => {
    const { secret: admin } = await testApiKey(acme.id, "alex@acme.test", "admin", "admin");
    const answers = [
      await call(teamRoute, admin, {}),
      await call(joinCodeRoute, admin, {}, "POST"),
      await call(apiKeysRoute, admin, {}),
      await call(exportsRoute, admin, {}),
      await call(outboxRoute, admin, {}),
      await call(exportRoute, admin, { id: "no-such-export" }),
      await call(teamRoute, "chr_not-a-real-key-000000000000000000", {}),
      // Invite acceptance refuses API keys; that answer is not kept either.
      await call(acceptRoute, admin, {}, "POST"),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404, 401, 403]);
    for (const res of answers) expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
