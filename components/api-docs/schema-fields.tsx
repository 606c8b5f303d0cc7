type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: Schema | boolean;
  $ref?: string;
};

export type { Schema as JsonSchemaView };

function typeName(s: Schema): string {
  if (s.$ref) return s.$ref.split("/").pop() ?? "object";
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return [...new Set(variants.map(typeName))].join(" | ");
  if (s.type === "array") return `${s.items ? typeName(s.items) : "any"}[]`;
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  return s.format ? `${base} (${s.format})` : base;
}

function limits(s: Schema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined && s.minLength > 0) parts.push(`${s.minLength}+ chars`);
  if (s.maxLength !== undefined) parts.push(`≤ ${s.maxLength} chars`);
  if (s.minItems !== undefined && s.minItems > 0) parts.push(`${s.minItems}+ items`);
  if (s.maxItems !== undefined) parts.push(`≤ ${s.maxItems} items`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(", ");
}

/** The object inside a schema whose fields are worth listing (arrays of objects included). */
function objectOf(s: Schema): Schema | null {
  if (s.properties) return s;
  if (s.type === "array" && s.items) return objectOf(s.items);
  const variants = s.anyOf ?? s.oneOf;
  return variants?.map(objectOf).find(Boolean) ?? null;
}

interface Row {
  name: string;
  schema: Schema;
  required: boolean;
}

function flatten(schema: Schema, prefix = "", depth = 0): Row[] {
  const object = objectOf(schema);
  if (!object?.properties || depth > 4) return [];
  return Object.entries(object.properties).flatMap(([key, child]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const row = {
      name: child.type === "array" ? `${name}[]` : name,
      schema: child,
      required: object.required?.includes(key) ?? false,
    };
    return [row, ...flatten(child, row.name, depth + 1)];
  });
}

/** A JSON Schema as a table of dotted field names, types, limits and descriptions. */
export function SchemaFields(props: { schema: Schema; label: string }) {
  const rows = flatten(props.schema);
  if (rows.length === 0) return <p className="muted">{typeName(props.schema)}</p>;
  return (
    <table className="data-table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td>
              <code>{r.name}</code>
              {r.required ? null : <span className="muted"> (optional)</span>}
            </td>
            <td>
              <code>{typeName(r.schema)}</code>
            </td>
            <td>{[r.schema.description, limits(r.schema)].filter(Boolean).join(" — ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
