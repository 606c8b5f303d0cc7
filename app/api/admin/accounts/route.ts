import { listAccounts } from "@/lib/accounts/accounts";
import { withInstanceAdmin } from "@/lib/api/handler";

/** Every account of the instance (instance admins). */
export const GET = withInstanceAdmin(async () => Response.json({ accounts: await listAccounts() }));
