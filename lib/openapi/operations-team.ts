import "server-only";
import { z } from "zod";
import { createdApiKeySchema, apiKeySchema, createApiKeyBody } from "../api-keys/schemas";
import { workspaceDeletionBody } from "../instance/workspace-deletion";
import { workspaceSettingsBody } from "../workspaces";
import {
  acceptInviteBody,
  changeRoleBody,
  inviteBody,
  inviteSchema,
  joinBody,
  joinCodeSchema,
  memberSchema,
  teamSchema,
} from "../team/schemas";
import { wrap, type Operation } from "./operation";

/** API keys, team and workspaces. */
export const TEAM_OPERATIONS: Operation[] = [
  // API keys
  {
    method: "get",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "List API keys",
    access: "admin",
    response: {
      status: 200,
      description: "Keys without their secrets.",
      schema: wrap("apiKeys", z.array(apiKeySchema)),
    },
  },
  {
    method: "post",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "Create an API key",
    description: "The role may not be above your own.",
    access: "admin",
    body: createApiKeyBody,
    response: { status: 201, description: "The key and, once only, its secret.", schema: createdApiKeySchema },
  },
  {
    method: "delete",
    path: "/api/api-keys/{id}",
    tag: "API keys",
    summary: "Revoke an API key",
    description: "Requests with the key get 401 from now on.",
    access: "admin",
    response: { status: 200, description: "The revoked key.", schema: wrap("apiKey", apiKeySchema) },
  },

  // Team
  {
    method: "get",
    path: "/api/team",
    tag: "Team",
    summary: "Members, pending invites and join code",
    access: "viewer",
    response: { status: 200, description: "The team.", schema: teamSchema },
  },
  {
    method: "patch",
    path: "/api/team/members/{userId}",
    tag: "Team",
    summary: "Change a member's role",
    description:
      "Nobody gives a role above their own, only owners change owners, and the last owner cannot be demoted (409).",
    access: "admin",
    body: changeRoleBody,
    response: { status: 200, description: "The member.", schema: wrap("member", memberSchema) },
  },
  {
    method: "delete",
    path: "/api/team/members/{userId}",
    tag: "Team",
    summary: "Remove a member, or leave",
    description:
      "Admins remove others; anyone may remove themselves. The last owner cannot be removed (409). The member's API keys are revoked.",
    access: "viewer",
    response: { status: 200, description: "Removed." },
  },
  {
    method: "post",
    path: "/api/team/invites",
    tag: "Team",
    summary: "Invite someone by e-mail",
    description:
      "Sends a link valid for 7 days; it works once. Counts against the hourly send limits per user and per workspace (429 with Retry-After).",
    access: "admin",
    body: inviteBody,
    response: {
      status: 201,
      description: "The invite and the e-mail's id.",
      schema: z.object({
        invite: inviteSchema,
        email: z.object({ id: z.string(), transport: z.enum(["resend", "smtp", "outbox"]) }),
      }),
    },
  },
  {
    method: "post",
    path: "/api/team/invites/{id}/link",
    tag: "Team",
    summary: "Copy an invite link",
    description:
      "A fresh link for a pending invite (only the token's digest is stored, so the old link cannot be shown): the link e-mailed before stops working. Audited as `invite.link_issued`; never for a role above the caller's.",
    access: "admin",
    response: {
      status: 200,
      description: "The invite and its new link.",
      schema: z.object({ invite: inviteSchema, url: z.string() }),
    },
  },
  {
    method: "delete",
    path: "/api/team/invites/{id}",
    tag: "Team",
    summary: "Withdraw an invite",
    access: "admin",
    response: { status: 200, description: "The withdrawn invite.", schema: wrap("invite", inviteSchema) },
  },
  {
    method: "post",
    path: "/api/team/join-code",
    tag: "Team",
    summary: "Rotate the join code",
    access: "admin",
    response: { status: 200, description: "The new code.", schema: joinCodeSchema },
  },
  {
    method: "post",
    path: "/api/join",
    tag: "Team",
    summary: "Join a workspace with its code",
    description:
      "Makes the signed-in user a member (someone already in the workspace keeps their role). Sessions only.",
    access: "signed-in",
    body: joinBody,
    response: { status: 200, description: "The workspace joined." },
  },
  {
    method: "post",
    path: "/api/invites/accept",
    tag: "Team",
    summary: "Accept an invite",
    description:
      "As the signed-in user (whose e-mail must be the invited one), or, signed out, with `name` and `password` to create the account. Expired or used invites answer 410.",
    access: "public",
    body: acceptInviteBody,
    response: { status: 200, description: "The workspace joined." },
  },

  // Workspaces
  {
    method: "get",
    path: "/api/workspaces",
    tag: "Workspaces",
    summary: "List your workspaces",
    description: "With an API key, only the key's workspace.",
    access: "signed-in",
    response: { status: 200, description: "`{ workspaces: [...] }`" },
  },
  {
    method: "get",
    path: "/api/workspaces/{id}",
    tag: "Workspaces",
    summary: "Get a workspace",
    access: "signed-in",
    response: { status: 200, description: "`{ workspace }`" },
  },
  {
    method: "delete",
    path: "/api/workspaces/{id}",
    tag: "Workspaces",
    summary: "Delete a workspace and all its data",
    description:
      "Owners, signed in (API keys get 403), with the workspace's exact name in `confirm`: a missing or different name gets 400 `invalid_parameter` with `param: confirm`, and nothing is deleted. The deletion is kept in the instance audit trail.",
    access: "owner",
    body: workspaceDeletionBody,
    response: { status: 204, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/workspaces/current",
    tag: "Workspaces",
    summary: "Choose the workspace the UI works in",
    access: "signed-in",
    body: z.object({ workspaceId: z.string() }),
    response: { status: 200, description: "`{ workspace }` and a cookie." },
  },

  {
    method: "get",
    path: "/api/settings",
    tag: "Workspaces",
    summary: "The workspace's settings",
    access: "viewer",
    response: { status: 200, description: "`{ settings }`" },
  },
  {
    method: "patch",
    path: "/api/settings",
    tag: "Workspaces",
    summary: "Change the workspace's settings",
    description:
      "Admins change every field but `name`: renaming is for owners (a new `name` from an admin gets 403 `forbidden` with `param: name`; the current name sent back is no change).",
    access: "admin",
    body: workspaceSettingsBody,
    response: { status: 200, description: "`{ settings }`" },
  },
  {
    method: "get",
    path: "/api/settings/logo",
    tag: "Workspaces",
    summary: "The workspace's logo",
    description: "404 when the workspace has none.",
    access: "viewer",
    response: { status: 200, description: "The PNG or JPEG image.", contentType: "image/png" },
  },
  {
    method: "post",
    path: "/api/settings/logo",
    tag: "Workspaces",
    summary: "Upload the workspace's logo",
    description:
      "The request body is the image file itself (PNG or JPEG, at most 512 KB and 4096 pixels a side); " +
      "its bytes decide its type, not its name or Content-Type. It replaces any earlier logo and appears " +
      "in PDFs, the XLSX summary sheet and report e-mails.",
    access: "admin",
    response: { status: 201, description: "`{ logo: { format, width, height } }`" },
  },
  {
    method: "delete",
    path: "/api/settings/logo",
    tag: "Workspaces",
    summary: "Remove the workspace's logo",
    access: "admin",
    response: { status: 200, description: "`{ removed }`: whether there was a logo." },
  },
];
