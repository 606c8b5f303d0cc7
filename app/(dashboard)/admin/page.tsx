import type { Metadata } from "next";
import "../data-in.css";
import { AdminPage } from "@/components/admin/admin-page";
import { requirePageContext } from "@/lib/auth/page";
import { mailSettings, mailWarning } from "@/lib/modes";

export const metadata: Metadata = { title: "Instance admin" };

function transportName(): string {
  try {
    const s = mailSettings();
    return s.transport === "smtp"
      ? `SMTP (${s.smtp.host}:${s.smtp.port}, ${s.smtp.tls})`
      : s.transport === "resend"
        ? "Resend"
        : "built-in outbox";
  } catch {
    return "misconfigured";
  }
}

/** Whether e-mail leaves the instance: the built-in outbox keeps it, and withholds secret links. */
function mailDelivers(): boolean {
  try {
    return mailSettings().transport !== "outbox";
  } catch {
    return false;
  }
}

export default async function AdminRoute() {
  const { user, instanceAdmin } = await requirePageContext();
  if (!instanceAdmin) {
    return (
      <div>
        <h1 className="page-title">Instance admin</h1>
        <p className="notice notice-info">Only instance admins manage accounts and read the instance audit trail.</p>
      </div>
    );
  }
  return (
    <AdminPage
      userId={user.id}
      mailTransport={transportName()}
      mailWarning={mailWarning()}
      mailDelivers={mailDelivers()}
    />
  );
}
