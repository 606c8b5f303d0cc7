import { Skeleton } from "@/components/ui/skeleton";
import { CHART_HEIGHT } from "./chart-theme";
import { KpiTilesSkeleton } from "./kpi-tiles";

export function DashboardSkeleton() {
  return (
    <div className="dashboard-body" data-testid="dashboard-loading" aria-busy="true">
      <span className="sr-only" role="status">
        Loading dashboard…
      </span>
      <KpiTilesSkeleton />
      <div className="chart-grid">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="card chart-card">
            <Skeleton width="35%" height={16} />
            <Skeleton width="55%" height={12} className="skeleton-subtitle" />
            <Skeleton height={CHART_HEIGHT} className="skeleton-chart" />
          </div>
        ))}
      </div>
    </div>
  );
}
