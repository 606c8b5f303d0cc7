export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Every variable is checked before anything else runs: a wrong value stops the start
    // with a message naming it, instead of surfacing later in a request.
    const { readConfig } = await import("./lib/config");
    readConfig();
    const { boot } = await import("./lib/boot");
    await boot();
  }
}
