import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { SchemaFields, type JsonSchemaView } from "./schema-fields";

interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchemaView;
  $ref?: string;
}

interface OperationView {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchemaView }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema: JsonSchemaView }>; $ref?: string }
  >;
}

export interface ApiDocument {
  info: { title: string; description: string; version: string };
  servers?: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, OperationView>>;
}

/** Text with `code` spans, as the document's descriptions write them. */
function Prose(props: { text: string }) {
  return <>{props.text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

const METHOD_TONES: Record<string, BadgeTone> = {
  get: "info",
  post: "success",
  patch: "warning",
  put: "warning",
  delete: "danger",
};

function example(method: string, path: string, base: string, op: OperationView): string {
  const lines = [
    `curl -X ${method.toUpperCase()} "${base}${path.replace(/\{(\w+)\}/g, ":$1")}"`,
    `  -H "Authorization: Bearer $CHARTROOM_KEY"`,
  ];
  if (op.requestBody) lines.push(`  -H "Content-Type: application/json"`, `  -d @body.json`);
  return lines.join(" \\\n");
}

/** The API reference, drawn from the OpenAPI document the API serves. */
export function ApiReference(props: { doc: ApiDocument }) {
  const base = props.doc.servers?.[0]?.url ?? "";
  const operations = Object.entries(props.doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <div className="api-docs">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">API reference</h1>
          <p className="page-subtitle">
            {props.doc.info.title} {props.doc.info.version}. The machine-readable document is at{" "}
            <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
          </p>
        </div>
      </header>
      <Card>
        <CardHeader title="Getting started" />
        <p>
          <Prose text={props.doc.info.description} />
        </p>
        <pre>{`export CHARTROOM_KEY=chr_…   # Settings → API keys\ncurl -H "Authorization: Bearer $CHARTROOM_KEY" ${base}/api/reports`}</pre>
        <nav aria-label="Operations">
          <ul className="api-toc">
            {operations.map(({ path, method, op }) => (
              <li key={op.operationId}>
                <a href={`#${op.operationId}`}>
                  {method.toUpperCase()} {path}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </Card>
      {props.doc.tags.map((tag) => (
        <Card key={tag.name} aria-label={tag.name}>
          <CardHeader title={tag.name} />
          {operations
            .filter(({ op }) => op.tags.includes(tag.name))
            .map(({ path, method, op }) => {
              const params = op.parameters.filter((p) => p.name);
              const success = Object.entries(op.responses).find(([code]) => code.startsWith("2"));
              const responseSchema = success?.[1].content?.["application/json"]?.schema;
              return (
                <section
                  key={op.operationId}
                  id={op.operationId}
                  className="api-op"
                  aria-labelledby={`${op.operationId}-title`}
                >
                  <h3 className="api-op-title" id={`${op.operationId}-title`}>
                    <Badge tone={METHOD_TONES[method] ?? "neutral"}>{method.toUpperCase()}</Badge>
                    <code>{path}</code>
                    <span>{op.summary}</span>
                  </h3>
                  {op.description.split("\n\n").map((p) => (
                    <p key={p}>
                      <Prose text={p} />
                    </p>
                  ))}
                  {params.length > 0 ? (
                    <table className="data-table" aria-label={`${op.summary}: parameters`}>
                      <thead>
                        <tr>
                          <th scope="col">Parameter</th>
                          <th scope="col">In</th>
                          <th scope="col">Type</th>
                        </tr>
                      </thead>
                      <tbody>
                        {params.map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <td>
                              <code>{p.name}</code>
                              {p.required ? null : <span className="muted"> (optional)</span>}
                            </td>
                            <td>{p.in}</td>
                            <td>
                              <code>{p.schema?.enum ? p.schema.enum.join(" | ") : (p.schema?.type ?? "string")}</code>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  {op.requestBody ? (
                    <>
                      <h4>Request body</h4>
                      <SchemaFields
                        schema={op.requestBody.content["application/json"].schema}
                        label={`${op.summary}: request body`}
                      />
                    </>
                  ) : null}
                  {success ? (
                    <>
                      <h4>
                        Response {success[0]}: <Prose text={success[1].description ?? ""} />
                      </h4>
                      {responseSchema && responseSchema.properties ? (
                        <SchemaFields schema={responseSchema} label={`${op.summary}: response`} />
                      ) : null}
                    </>
                  ) : null}
                  <pre>{example(method, path, base, op)}</pre>
                </section>
              );
            })}
        </Card>
      ))}
    </div>
  );
}
