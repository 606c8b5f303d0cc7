import { z } from "zod";
import { ROLES } from "../roles";
import { headerString } from "../email/header-text";

export const INVITE_ROLES = ["viewer", "member", "admin"] as const;
export const JOIN_CODE_LENGTH = 8;
export const INVITE_TTL_DAYS = 7;

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  joinedAt: z.string(),
});

export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(INVITE_ROLES),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export const teamSchema = z.object({
  members: z.array(memberSchema),
  invites: z.array(inviteSchema).describe("Pending invites (admins only; empty for others)."),
  joinCode: z.string().nullable().describe("The workspace's join code (admins only)."),
});

export type Member = z.infer<typeof memberSchema>;
export type InviteSummary = z.infer<typeof inviteSchema>;
export type Team = z.infer<typeof teamSchema>;

export const changeRoleBody = z.object({ role: z.enum(ROLES) });

export const inviteBody = z.object({
  email: headerString().trim().toLowerCase().email({ error: "Enter an e-mail address." }).max(320),
  role: z.enum(INVITE_ROLES).default("member"),
});

export const acceptInviteBody = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1).max(100).optional().describe("For a new account."),
  password: z
    .string()
    .min(8, { error: "Use at least 8 characters." })
    .max(200)
    .optional()
    .describe("For a new account."),
});

export const joinBody = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .length(JOIN_CODE_LENGTH, { error: `A join code has ${JOIN_CODE_LENGTH} characters.` }),
});

export const joinCodeSchema = z.object({ joinCode: z.string() });
