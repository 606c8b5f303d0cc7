import { z } from "zod";
import type { Role } from "../roles";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export interface Operation {
  method: HttpMethod;
  /** OpenAPI form, `{id}` for a dynamic segment. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Lowest workspace role allowed; "signed-in" needs a session or key but no role; "public" needs nothing. */
  access: Role | "signed-in" | "public";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success status and what it returns; omit `schema` for bodies described in words. */
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
}

/** A response body described only as an object. */
export const anyObject = z.object({}).catchall(z.unknown());
export const wrap = (key: string, schema: z.ZodType) => z.object({ [key]: schema });
