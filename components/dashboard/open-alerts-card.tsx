import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { OpenAlerts } from "@/lib/dashboard/types";
import { SEVERITY_COLORS } from "./chart-theme";
import { useLocale } from "@/components/ui/locale";
import { formatDateTime, formatRelativeTime } from "@/lib/format/dates";
import { formatInteger } from "@/lib/format/numbers";

const SEVERITIES = [
  { key: "critical", label: "Critical" },
  { key: "warning", label: "Warning" },
  { key: "info", label: "Info" },
] as const;

function severityTone(severity: string): BadgeTone {
  return severity === "critical" || severity === "warning" || severity === "info" ? severity : "neutral";
}

/** Reads the same open-alerts query as the sidebar; `alerts` is undefined while it loads. */
export function OpenAlertsCard(props: { alerts: OpenAlerts | undefined; timeZone: string }) {
  const locale = useLocale();
  if (!props.alerts) {
    return (
      <Card className="chart-card" data-testid="chart-open-alerts" aria-busy="true">
        <CardHeader title="Open alerts" description="Unresolved alerts by severity" />
        <p className="chart-empty chart-empty-compact">Loading alerts…</p>
      </Card>
    );
  }
  const alerts = props.alerts;
  const counts = SEVERITIES.map((s) => ({
    ...s,
    count: alerts.bySeverity.find((b) => b.severity === s.key)?.count ?? 0,
  }));
  const total = counts.reduce((sum, s) => sum + s.count, 0);

  return (
    <Card className="chart-card" data-testid="chart-open-alerts">
      <CardHeader title="Open alerts" description="Unresolved alerts by severity" />

      <ul className="severity-pills" aria-label="Open alerts by severity">
        {counts.map((s) => (
          <li key={s.key} className={`severity-pill severity-pill-${s.key}`}>
            <span className="severity-dot" style={{ background: SEVERITY_COLORS[s.key] }} aria-hidden="true" />
            <span className="severity-count">{formatInteger(s.count, locale)}</span>
            <span className="severity-label">{s.label}</span>
          </li>
        ))}
      </ul>

      {total > 0 ? (
        <div className="severity-bar" aria-hidden="true">
          {counts
            .filter((s) => s.count > 0)
            .map((s) => (
              <span key={s.key} style={{ flexGrow: s.count, background: SEVERITY_COLORS[s.key] }} />
            ))}
        </div>
      ) : null}

      {alerts.recent.length > 0 ? (
        <ul className="alert-list" aria-label="Most recent open alerts">
          {alerts.recent.map((alert) => (
            <li key={alert.id} className="alert-item">
              <Badge tone={severityTone(alert.severity)} className="alert-severity">
                {alert.severity}
              </Badge>
              <div className="alert-text">
                <p className="alert-title">{alert.title}</p>
                <p className="alert-meta">
                  <span>{alert.source}</span>
                  <span aria-hidden="true"> · </span>
                  <time dateTime={alert.triggeredAt} title={formatDateTime(alert.triggeredAt, props.timeZone, locale)}>
                    {formatRelativeTime(alert.triggeredAt, props.timeZone, locale)}
                  </time>
                </p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="chart-empty chart-empty-compact">No open alerts. All clear.</p>
      )}
    </Card>
  );
}
