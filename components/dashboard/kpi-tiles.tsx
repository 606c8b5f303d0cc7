import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import type { DashboardData } from "@/lib/dashboard/types";
import { useLocale } from "@/components/ui/locale";
import { formatDate } from "@/lib/format/dates";
import {
  formatInteger,
  formatMoneyHeadline,
  formatPercent,
  percentChange,
  pointChange,
  type Change,
} from "@/lib/format/numbers";

interface Tile {
  testId: string;
  label: string;
  value: string;
  previous?: string;
  change: Change | null;
}

function ChangeBadge({ change }: { change: Change }) {
  const tone = change.direction === "up" ? "success" : change.direction === "down" ? "danger" : "neutral";
  return (
    <Badge tone={tone} className="kpi-change" title="vs previous period">
      {change.label}
    </Badge>
  );
}

/** `openAlerts` comes from the open-alerts query the sidebar reads too; undefined while it loads. */
export function KpiTiles({
  kpis,
  previousRange,
  openAlerts,
}: Pick<DashboardData, "kpis" | "previousRange"> & { openAlerts: number | undefined }) {
  const locale = useLocale();
  const before = `${formatDate(previousRange.from, locale)} – ${formatDate(previousRange.to, locale)}`;
  const tiles: Tile[] = [
    {
      testId: "kpi-events",
      label: "Events",
      value: formatInteger(kpis.events.value, locale),
      previous: formatInteger(kpis.events.previous, locale),
      change: percentChange(kpis.events.value, kpis.events.previous, locale),
    },
    {
      testId: "kpi-unique-users",
      label: "Unique users",
      value: formatInteger(kpis.uniqueUsers.value, locale),
      previous: formatInteger(kpis.uniqueUsers.previous, locale),
      change: percentChange(kpis.uniqueUsers.value, kpis.uniqueUsers.previous, locale),
    },
    {
      testId: "kpi-revenue",
      label: "Revenue",
      value: formatMoneyHeadline(kpis.revenue.value, locale),
      previous: formatMoneyHeadline(kpis.revenue.previous, locale),
      change: percentChange(kpis.revenue.value, kpis.revenue.previous, locale),
    },
    {
      testId: "kpi-accuracy",
      label: "Avg. model accuracy",
      value: formatPercent(kpis.avgAccuracy.value, locale),
      previous: formatPercent(kpis.avgAccuracy.previous, locale),
      change: pointChange(kpis.avgAccuracy.value, kpis.avgAccuracy.previous, locale),
    },
    {
      testId: "kpi-open-alerts",
      label: "Open alerts",
      value: openAlerts === undefined ? "…" : formatInteger(openAlerts, locale),
      change: null,
    },
  ];

  return (
    <div className="kpi-grid">
      {tiles.map((tile) => (
        <div
          key={tile.testId}
          className="card kpi-tile"
          data-testid={tile.testId}
          title={tile.change && tile.previous ? `Previous period (${before}): ${tile.previous}` : undefined}
        >
          <p className="kpi-label">{tile.label}</p>
          <div className="kpi-row">
            <p className="kpi-value">{tile.value}</p>
            {tile.change ? <ChangeBadge change={tile.change} /> : null}
          </div>
        </div>
      ))}
    </div>
  );
}

export function KpiTilesSkeleton() {
  return (
    <div className="kpi-grid">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="card kpi-tile">
          <Skeleton width="45%" height={14} />
          <Skeleton width="70%" height={28} className="kpi-skeleton-value" />
        </div>
      ))}
    </div>
  );
}
