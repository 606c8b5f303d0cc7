import { inject } from "vitest";
import { connection } from "../lib/db/connection";

/** The run's seeded database (see global-setup.ts). */
export function seeded() {
  const seed = inject("seed");
  const ws = (slug: string) => {
    const w = seed.workspaces.find((x) => x.slug === slug);
    if (!w) throw new Error(`no seeded workspace ${slug}`);
    return w;
  };
  return { conn: connection(), provider: inject("provider"), seed, acme: ws("acme"), globex: ws("globex") };
}
