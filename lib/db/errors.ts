/** A write refused by a unique index, on either database (Prisma's P2002 or the driver's text). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "P2002" || /unique constraint/i.test(e.message ?? "");
}
