import { withWorkspace } from "@/lib/api/handler";
import { describeCatalog } from "@/lib/reports/catalog";

export const GET = withWorkspace(async () => Response.json({ datasets: describeCatalog() }));
