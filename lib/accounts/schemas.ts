import { z } from "zod";
import { headerString } from "../email/header-text";

export const PASSWORD_RULE = z.string().min(10, { error: "Use at least 10 characters." }).max(200);

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(200),
  newPassword: PASSWORD_RULE,
});

export const forgotPasswordBody = z.object({
  email: headerString().trim().toLowerCase().email({ error: "Enter an e-mail address." }).max(320),
});

export const resetPasswordBody = z.object({
  token: z.string().min(20).max(200),
  password: PASSWORD_RULE,
});
