// Stands in for the "server-only" package under Vitest, where everything is server code.
export {};
