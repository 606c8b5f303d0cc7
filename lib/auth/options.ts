import "server-only";
import bcrypt from "bcryptjs";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { authCookies } from "./cookies";
import { authSecret } from "../auth-secret";

const credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

/**
 * The address a sign-in attempt is for, exactly as `verifyCredentials` reads it; a value
 * that is not an address keeps its trimmed, lower-cased text so it can still be counted.
 */
export function signInIdentity(email: unknown): string {
  const parsed = credentials.shape.email.safeParse(email);
  if (parsed.success) return parsed.data;
  return String(email ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 320);
}

// Compared against when the email is unknown, so both failures take the same time.
const NO_USER_HASH = bcrypt.hashSync("no-such-user", 10);

export async function verifyCredentials(input: unknown): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await bcrypt.compare(parsed.data.password, user?.passwordHash ?? NO_USER_HASH);
  return user && ok && user.active ? { id: user.id, email: user.email, name: user.name } : null;
}

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

/** `secureCookies`: the request came over HTTPS (lib/net/client.ts `wantsSecureCookies`). */
export function authOptions({ secureCookies = false }: { secureCookies?: boolean } = {}): NextAuthOptions {
  return {
    secret: authSecret(),
    cookies: authCookies(secureCookies),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (input) => verifyCredentials(input),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // `iat` is renewed whenever the cookie is re-encoded; `sat` keeps the sign-in instant.
        if (user) {
          token.sub = user.id;
          token.sat = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        const sat = typeof token.sat === "number" ? token.sat : null;
        (session as { signedInAt?: number | null }).signedInAt = sat;
        return session;
      },
    },
  };
}
