import type { Notice } from "@/lib/reports/types";

/**
 * The preview's notices that concern one field, repeated beside it: someone changing the
 * row limit or the range reads why their value was not taken where they typed it.
 */
export function FieldNotices(props: { notices: readonly Notice[] | undefined; codes: readonly Notice["code"][] }) {
  const shown = (props.notices ?? []).filter((n) => props.codes.includes(n.code));
  if (shown.length === 0) return null;
  return (
    <div className="field-notices">
      {shown.map((notice) => (
        <p key={`${notice.code}:${notice.message}`} className="notice notice-warning" data-notice={notice.code}>
          {notice.message}
        </p>
      ))}
    </div>
  );
}
