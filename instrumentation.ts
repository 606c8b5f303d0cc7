export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot, StartRefused } = await import("./lib/boot");
    try {
      await boot();
    } catch (error) {
      // A refused start says why and how to fix it, then stops: serving would be unsafe.
      if (error instanceof StartRefused) {
        console.error(`[chartroom] ${error.message}`);
        process.exit(1);
      }
      throw error;
    }
  }
}
