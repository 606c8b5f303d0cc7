import { z } from "zod";

/** Roles a key can carry; never owner, and never above its creator's role. */
export const API_KEY_ROLES = ["viewer", "member", "admin"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1, { error: "Give the key a name." }).max(100),
  role: z.enum(API_KEY_ROLES).default("member"),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(API_KEY_ROLES),
  prefix: z.string().describe("The first characters of the key, to tell keys apart."),
  createdBy: z.string().describe("E-mail of the person who created the key."),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export type ApiKeySummary = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = z.object({
  apiKey: apiKeySchema,
  secret: z.string().describe("The key itself. It is shown once and cannot be read again."),
});
