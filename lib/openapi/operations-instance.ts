import "server-only";
import { z } from "zod";
import { accountChangeBody, accountSchema, profileBody } from "../accounts/accounts";
import { changePasswordBody, forgotPasswordBody, resetPasswordBody } from "../accounts/schemas";
import { instanceAuditQuery } from "../instance/audit";
import { setupBody } from "../accounts/setup";
import { instanceSettingsBody, instanceSettingsSchema } from "../instance/settings";
import { createWorkspaceBody } from "../instance/workspace-creation";
import { signUpBody, verifyEmailBody } from "../signup/schemas";
import { anyObject, wrap, type Operation } from "./operation";

/** Instance setup, accounts and administration, and this document. */
export const INSTANCE_OPERATIONS: Operation[] = [
  // Instance and accounts
  {
    method: "post",
    path: "/api/setup",
    tag: "Instance",
    summary: "First-run setup",
    description:
      "Only while the instance has no accounts: creates the first account (owner of the first workspace and instance admin). Afterwards, and for all but one of several simultaneous requests, 409.",
    access: "public",
    body: setupBody,
    response: { status: 201, description: "`{ user, workspace }`" },
  },
  {
    method: "get",
    path: "/api/account",
    tag: "Accounts",
    summary: "Your account",
    access: "signed-in",
    response: { status: 200, description: "`{ account }`" },
  },
  {
    method: "patch",
    path: "/api/account",
    tag: "Accounts",
    summary: "Change your name",
    description: "Signed in; API keys get 403.",
    access: "signed-in",
    body: profileBody,
    response: { status: 200, description: "`{ account }`" },
  },
  {
    method: "post",
    path: "/api/account/password",
    tag: "Accounts",
    summary: "Change your password",
    description:
      "The current password is required. Every other session of the account ends; this one gets a new cookie.",
    access: "signed-in",
    body: changePasswordBody,
    response: { status: 200, description: "`{ ok: true }`" },
  },
  {
    method: "post",
    path: "/api/account/forgot-password",
    tag: "Accounts",
    summary: "E-mail a password reset link",
    description:
      "Always 202 with the same message, whether or not the address has an account. Limited per address and per client address (429).",
    access: "public",
    body: forgotPasswordBody,
    response: { status: 202, description: "`{ message }`" },
  },
  {
    method: "post",
    path: "/api/account/reset-password",
    tag: "Accounts",
    summary: "Set a new password with a reset token",
    description: "The token works once, for one hour (410 otherwise). Every session of the account ends.",
    access: "public",
    body: resetPasswordBody,
    response: { status: 200, description: "`{ ok: true }`" },
  },
  {
    method: "post",
    path: "/api/sign-up",
    tag: "Accounts",
    summary: "Create an account (self sign-up)",
    description:
      "As the instance's sign-up mode allows: `invitation` refuses (403; join codes only add existing accounts), " +
      "`invitation_or_code` needs a workspace's current join code, `open` takes anyone, limited to the allowed " +
      "e-mail domains if any are set (exact domains; a join code lifts the limit). Always 202 with the same message " +
      "whether or not the address has an account; a confirmation link (24 hours, single use) is e-mailed after answering. " +
      "Limited per client address and per address (429).",
    access: "public",
    body: signUpBody,
    response: { status: 202, description: "`{ message }`" },
  },
  {
    method: "post",
    path: "/api/sign-up/verify",
    tag: "Accounts",
    summary: "Confirm an account's e-mail address",
    description:
      "The token from the confirmation e-mail works once, within 24 hours (410 otherwise). With the join code the account " +
      "signed up with, it also joins that workspace as a member if the code is still current (else `joinProblem` says why).",
    access: "public",
    body: verifyEmailBody,
    response: { status: 200, description: "`{ email, workspace: { id, name } | null, joinProblem }`" },
  },
  {
    method: "post",
    path: "/api/sign-up/resend",
    tag: "Accounts",
    summary: "Send a new confirmation link",
    description:
      "For a signed-in account that has not confirmed its address (409 once it has); earlier links stop working. Limited per address (429).",
    access: "signed-in",
    response: { status: 202, description: "`{ message }`" },
  },
  {
    method: "post",
    path: "/api/workspaces",
    tag: "Workspaces",
    summary: "Create a workspace",
    description:
      "The caller becomes its owner; it starts with the built-in reports and the weekly Usage Summary schedule. Needs a " +
      "confirmed address (403 `email_unverified`) and, if the instance says so, an instance admin (403). API keys get 403.",
    access: "signed-in",
    body: createWorkspaceBody,
    response: { status: 201, description: "`{ workspace }`" },
  },
  {
    method: "get",
    path: "/api/admin/settings",
    tag: "Instance",
    summary: "Sign-up mode and workspace creation (instance admins)",
    access: "signed-in",
    response: { status: 200, description: "The settings.", schema: wrap("settings", instanceSettingsSchema) },
  },
  {
    method: "patch",
    path: "/api/admin/settings",
    tag: "Instance",
    summary: "Change sign-up mode, allowed domains or who creates workspaces (instance admins)",
    description:
      "Domains are stored in their ASCII (punycode) form, lower case, without a trailing dot. Each change is written to the instance audit trail.",
    access: "signed-in",
    body: instanceSettingsBody,
    response: { status: 200, description: "The settings.", schema: wrap("settings", instanceSettingsSchema) },
  },
  {
    method: "get",
    path: "/api/admin/accounts",
    tag: "Instance",
    summary: "Every account (instance admins)",
    access: "signed-in",
    response: { status: 200, description: "The accounts.", schema: wrap("accounts", z.array(accountSchema)) },
  },
  {
    method: "patch",
    path: "/api/admin/accounts/{id}",
    tag: "Instance",
    summary: "Deactivate, reactivate, or change instance admin (instance admins)",
    description: "Deactivation stops the account's sign-in, sessions and API keys at once. Your own account: 409.",
    access: "signed-in",
    body: accountChangeBody,
    response: { status: 200, description: "The account.", schema: wrap("account", accountSchema) },
  },
  {
    method: "get",
    path: "/api/admin/audit",
    tag: "Instance",
    summary: "The instance audit trail (instance admins)",
    description: "Setup, sign-ins, account changes, instance settings and workspace deletions, newest first.",
    access: "signed-in",
    query: instanceAuditQuery,
    response: { status: 200, description: "`{ events }`" },
  },
  {
    method: "get",
    path: "/api/admin/audit/export",
    tag: "Instance",
    summary: "The instance audit trail as CSV (instance admins)",
    access: "signed-in",
    response: { status: 200, description: "CSV, streamed.", contentType: "text/csv" },
  },

  // Meta
  {
    method: "get",
    path: "/api/health",
    tag: "Meta",
    summary: "Health check",
    access: "public",
    response: { status: 200, description: "`{ status, database }`" },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Meta",
    summary: "This document",
    access: "public",
    response: { status: 200, description: "OpenAPI 3.1 document.", schema: anyObject },
  },
];
