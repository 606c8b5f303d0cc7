import type { Issue } from "./issues";

/**
 * Messages for one control. Server errors are alerts; local hints (what is still missing)
 * are plain text, so they do not interrupt while someone is still filling the row in.
 */
export function FieldMessages(props: { id?: string; issues: Issue[] }) {
  if (props.issues.length === 0) return null;
  const errors = props.issues.filter((i) => !i.local);
  const hints = props.issues.filter((i) => i.local);
  return (
    <div id={props.id} className="field-messages">
      {errors.map((issue, i) => (
        <p key={`e${i}`} className="field-error" role="alert">
          {issue.message}
        </p>
      ))}
      {hints.map((issue, i) => (
        <p key={`h${i}`} className="field-hint">
          {issue.message}
        </p>
      ))}
    </div>
  );
}

/** aria-describedby/aria-invalid for a control with these issues. */
export function describedBy(id: string, issues: Issue[]) {
  return issues.length > 0
    ? { "aria-describedby": id, "aria-invalid": issues.some((i) => !i.local) ? true : undefined }
    : {};
}
