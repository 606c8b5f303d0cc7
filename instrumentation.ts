export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Every variable is checked before anything else runs. Next.js would log a failed
    // register() and serve anyway, so a wrong value ends the process, naming the variable.
    const { ConfigError, readConfig } = await import("./lib/config");
    try {
      readConfig();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`[chartroom] ${error.message}\n`);
      process.exit(1);
    }
    const { boot } = await import("./lib/boot");
    await boot();
  }
}
