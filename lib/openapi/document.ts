import "server-only";
import { z } from "zod";
import { definitionSchema } from "../reports/definition";
import { OPERATIONS, type Operation } from "./operations";

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends or receives. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    reused: "inline",
  }) as JsonSchema;
  return rest;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe("Stable machine-readable code, such as invalid_parameter or forbidden."),
    message: z.string(),
    param: z.string().optional().describe("The input at fault, as a dotted path."),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const ERROR_RESPONSES = {
  "400": "The request is invalid (see `error.param` and `error.issues`).",
  "401": "No session or API key, or the key was revoked.",
  "403": "Your role (or the key's) is too low for this.",
  "404": "Not found, or not in your workspace.",
} as const;

function errorResponses(op: Operation) {
  const codes = op.access === "public" ? [] : (["400", "401", "403", "404"] as const);
  return Object.fromEntries(
    codes.map((code) => [code, { $ref: `#/components/responses/${code === "400" ? "BadRequest" : `E${code}`}` }]),
  );
}

function operationId(op: Operation): string {
  const words = op.path
    .replace(/^\/api\//, "")
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return [op.method, ...words].map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("");
}

function parameters(op: Operation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const query = op.query
    ? Object.entries((jsonSchema(op.query).properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
        name,
        in: "query",
        required: ((jsonSchema(op.query as z.ZodType).required as string[] | undefined) ?? []).includes(name),
        schema,
      }))
    : [];
  const workspace =
    op.access === "public" || op.access === "signed-in" ? [] : [{ $ref: "#/components/parameters/Workspace" }];
  return [...path, ...query, ...workspace];
}

function accessText(op: Operation): string {
  if (op.access === "public") return "No authentication.";
  if (op.access === "signed-in") return "Any signed-in user or API key.";
  return `Needs the ${op.access} role or higher in the workspace (a key's own role counts).`;
}

/** The OpenAPI 3.1 document of the whole public API. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const { status, description, schema, contentType } = op.response;
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: operationId(op),
      tags: [op.tag],
      summary: op.summary,
      description: [op.description, accessText(op)].filter(Boolean).join("\n\n"),
      "x-chartroom-access": op.access,
      ...(op.access === "public" ? { security: [] } : {}),
      parameters: parameters(op),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } }
        : {}),
      responses: {
        [String(status)]: {
          description,
          ...(contentType
            ? { content: { [contentType]: { schema: { type: "string", contentMediaType: contentType } } } }
            : {
                content: { "application/json": { schema: schema ? jsonSchema(schema, "output") : { type: "object" } } },
              }),
        },
        ...errorResponses(op),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Chartroom API",
      version: "1.0.0",
      description:
        "Reports, exports and data ingestion. Authenticate with `Authorization: Bearer <api key>` (create keys under " +
        "Settings → API keys) or a browser session. A key acts in its own workspace with its own role; naming another " +
        'workspace answers 404. Errors come as `{ "error": { "code", "message" } }`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiKey: [] }, { session: [] }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key, `chr_…`." },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session." },
      },
      parameters: {
        Workspace: {
          name: "X-Chartroom-Workspace",
          in: "header",
          required: false,
          description: "Workspace id. Optional: keys act in their own workspace, sessions default to the chosen one.",
          schema: { type: "string" },
        },
      },
      schemas: {
        Error: jsonSchema(errorSchema, "output"),
        ReportDefinition: jsonSchema(definitionSchema),
      },
      responses: {
        BadRequest: {
          description: ERROR_RESPONSES["400"],
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
        E401: {
          description: ERROR_RESPONSES["401"],
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
        E403: {
          description: ERROR_RESPONSES["403"],
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
        E404: {
          description: ERROR_RESPONSES["404"],
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}
