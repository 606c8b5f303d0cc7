// Account chores from the command line: `npm run accounts -- lock-demo` deactivates every
// demo account that still has the published demo password, so a database that was once a
// demo can be started outside demo mode.
import { db } from "../lib/db";
import { connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { accountsWithDemoPassword } from "../lib/instance/demo-guard";

const command = process.argv[2];
if (command !== "lock-demo") {
  console.error("usage: npm run accounts -- lock-demo");
  process.exit(2);
}
await migrate(connection());
const emails = await accountsWithDemoPassword(db);
if (emails.length > 0) {
  await db.user.updateMany({
    where: { email: { in: emails } },
    data: { active: false, sessionsValidFrom: new Date() },
  });
}
console.log(emails.length ? `Deactivated: ${emails.join(", ")}` : "No account has the demo password.");
await db.$disconnect();
await connection().close();
