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
    const { boot, StartRefused } = await import("./lib/boot");
    try {
      await boot();
    } catch (error) {
      // A refused start says why and how to fix it, then stops: serving would be unsafe.
      if (error instanceof StartRefused) {
        process.stderr.write(`[chartroom] ${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  }
}
