import { openApiDocument } from "@/lib/openapi/document";

/** Public, like the reference page: the document describes the API, not any workspace's data. */
export async function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin));
}
