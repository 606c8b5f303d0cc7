/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native and driver packages stay plain Node requires instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "pg-cursor", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
};

export default nextConfig;
