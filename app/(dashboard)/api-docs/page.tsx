import type { Metadata } from "next";
import { headers } from "next/headers";
import "../data-in.css";
import { ApiReference, type ApiDocument } from "@/components/api-docs/api-reference";
import { clientProto } from "@/lib/net/client";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiDocsRoute() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const proto = clientProto({ headers: h });
  const doc = openApiDocument(host ? `${proto}://${host}` : undefined) as unknown as ApiDocument;
  return <ApiReference doc={doc} />;
}
