"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition, type CSSProperties, type ReactNode } from "react";
import { exportKeys } from "@/components/hooks/export-queries";
import { fetchJson } from "@/components/hooks/queries";
import { reportKeys } from "@/components/hooks/report-queries";
import { NotificationsMenu } from "@/components/layout/notifications-menu";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { LocaleProvider } from "@/components/ui/locale";
import { Select } from "@/components/ui/select";
import { hasRole, type Role } from "@/lib/roles";
import type { WorkspaceSummary } from "@/lib/workspace-summary";

const NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/reports", label: "Reports" },
  { href: "/exports", label: "Exports" },
  { href: "/schedules", label: "Schedules" },
  // The outbox holds every e-mail the workspace sent: admins and owners only.
  { href: "/outbox", label: "Outbox", role: "admin" },
  { href: "/import", label: "Import" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/workspace", label: "Settings" },
  { href: "/api-docs", label: "API reference" },
] as const satisfies readonly { href: string; label: string; role?: Role }[];

/** Black or white, whichever reads better on the brand colour (expects #rgb or #rrggbb). */
function contrastText(hex: string): string {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return "#ffffff";
  const digits = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(digits.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.45 ? "#111827" : "#ffffff";
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2)).toUpperCase();
}

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AppShell(props: {
  user: { name: string; email: string };
  workspaces: WorkspaceSummary[];
  current: WorkspaceSummary;
  instanceAdmin?: boolean;
  /** The instance lets this account create workspaces: the switcher offers "New workspace". */
  canCreateWorkspace?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [switchingTo, setSwitchingTo] = useState<string | null>(null);
  const [switchError, setSwitchError] = useState<string | null>(null);
  const [isSwitching, startTransition] = useTransition();
  const [renderedCurrentId, setRenderedCurrentId] = useState(props.current.id);

  // Keep showing the chosen workspace until the refreshed layout delivers it as `current`.
  if (renderedCurrentId !== props.current.id) {
    setRenderedCurrentId(props.current.id);
    setSwitchingTo(null);
  }

  function switchWorkspace(workspaceId: string) {
    if (workspaceId === props.current.id) return;
    setSwitchError(null);
    setSwitchingTo(workspaceId);
    startTransition(async () => {
      try {
        await fetchJson<unknown>("/api/workspaces/current", {
          method: "POST",
          body: JSON.stringify({ workspaceId }),
        });
        // Report and export queries are not keyed by workspace (the API reads it from the session).
        void queryClient.resetQueries({ queryKey: reportKeys.lists() });
        void queryClient.resetQueries({ queryKey: exportKeys.all });
        router.refresh();
      } catch (error) {
        setSwitchingTo(null);
        setSwitchError(error instanceof Error ? error.message : "Could not switch workspace.");
      }
    });
  }

  const style = {
    "--brand": props.current.brandColor,
    "--brand-contrast": contrastText(props.current.brandColor),
  } as CSSProperties;

  return (
    <LocaleProvider locale={props.current.locale}>
      <div className="app-shell" style={style}>
        <aside className="sidebar">
          <div className="sidebar-brand">
            <span className="brand-mark" aria-hidden="true">
              C
            </span>
            <span className="brand-name">Chartroom</span>
          </div>

          <div className="workspace-switcher">
            <Select
              aria-label="Workspace"
              value={switchingTo ?? props.current.id}
              disabled={isSwitching}
              onChange={(e) => switchWorkspace(e.target.value)}
            >
              {props.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </Select>
            <div className="workspace-meta">
              <Badge>{props.current.role}</Badge>
              {isSwitching ? <span className="muted">Switching…</span> : null}
            </div>
            {props.canCreateWorkspace ? (
              <Link
                href="/workspaces/new"
                className={cx("nav-link", pathname === "/workspaces/new" && "nav-link-active")}
              >
                + New workspace
              </Link>
            ) : null}
            {switchError ? (
              <p className="form-error" role="alert">
                {switchError}
              </p>
            ) : null}
          </div>

          <nav className="sidebar-nav" aria-label="Main">
            {NAV.filter((item) => !("role" in item) || hasRole(props.current.role, item.role)).map((item) => {
              const active = isActive(pathname, item.href);
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  className={cx("nav-link", active && "nav-link-active")}
                  aria-current={active ? "page" : undefined}
                >
                  {item.label}
                </Link>
              );
            })}
            {[
              { href: "/account", label: "Account", show: true },
              { href: "/admin", label: "Instance admin", show: Boolean(props.instanceAdmin) },
            ]
              .filter((item) => item.show)
              .map((item) => (
                <Link
                  key={item.href}
                  href={item.href}
                  className={cx("nav-link", isActive(pathname, item.href) && "nav-link-active")}
                  aria-current={isActive(pathname, item.href) ? "page" : undefined}
                >
                  {item.label}
                </Link>
              ))}
            <NotificationsMenu workspaceId={props.current.id} />
          </nav>

          <div className="sidebar-user">
            <span className="avatar" aria-hidden="true">
              {initials(props.user.name || props.user.email)}
            </span>
            <div className="user-text">
              <span className="user-name">{props.user.name}</span>
              <span className="user-email">{props.user.email}</span>
            </div>
            <Button size="sm" variant="ghost" onClick={() => signOut({ callbackUrl: "/signin" })}>
              Sign out
            </Button>
          </div>
        </aside>
        <main className="app-main">
          <div className="app-content">{props.children}</div>
        </main>
      </div>
    </LocaleProvider>
  );
}
