import { contentSecurityPolicy, SECURITY_HEADERS } from "./lib/net/security-headers.mjs";

// proxy.ts gives every page and API answer a policy with a per-request script nonce; this
// one (no inline scripts at all) covers the paths the proxy skips, like built assets.
const assetPolicy = [{ key: "Content-Security-Policy", value: contentSecurityPolicy(null) }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native and driver packages stay plain Node requires instead of being bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "pg-cursor",
    "pg-copy-streams",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/_next/:path*", headers: assetPolicy },
      { source: "/favicon.ico", headers: assetPolicy },
    ];
  },
};

export default nextConfig;
