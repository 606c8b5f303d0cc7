import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";
import { resolveDateRange } from "@/lib/dashboard/range";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const { current } = await requirePageContext();
  if (!current) return null;
  const range = resolveDateRange({}, current.timezone, { defaultDays: 30 });
  return (
    <Dashboard
      key={current.id}
      workspace={current}
      initialRange={{ from: range.from, to: range.to }}
      canExport={hasRole(current.role, "member")}
    />
  );
}
