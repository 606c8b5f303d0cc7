import type { NextRequest } from "next/server";
import { toErrorResponse } from "@/lib/api/errors";
import { searchParams } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { serveExportFile } from "@/lib/exports/serve";
import { signedLinkQuery, verifyExportLink } from "@/lib/exports/signed-links";

/** Download through a signed link: no session, the signature is the permission. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const job = await verifyExportLink(id, signedLinkQuery.parse(searchParams(req)));
    return await serveExportFile(job, { actor: "signed-link", ip: requestIp(req), via: "signed-link" });
  } catch (error) {
    return toErrorResponse(error);
  }
}
