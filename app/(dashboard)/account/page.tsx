import type { Metadata } from "next";
import { AccountPage } from "@/components/account/account-page";
import { requirePageContext } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountRoute() {
  const { user } = await requirePageContext();
  return <AccountPage name={user.name} email={user.email} />;
}
