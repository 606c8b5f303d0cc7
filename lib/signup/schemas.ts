import { z } from "zod";
import { PASSWORD_RULE } from "../accounts/schemas";
import { headerString } from "../email/header-text";
import { JOIN_CODE_LENGTH } from "../team/schemas";

export const signUpBody = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: headerString().trim().toLowerCase().email({ error: "Enter an e-mail address." }).max(320),
  password: PASSWORD_RULE,
  code: z
    .string()
    .trim()
    .toUpperCase()
    .length(JOIN_CODE_LENGTH, { error: `A join code has ${JOIN_CODE_LENGTH} characters.` })
    .optional()
    .describe("A workspace's join code: the account joins that workspace once its address is verified."),
});
export type SignUpInput = z.infer<typeof signUpBody>;

export const verifyEmailBody = z.object({ token: z.string().min(20).max(200) });

export const SIGN_UP_ANSWER =
  "Check your inbox: if this address can be used for a new account, a link to confirm it is on its way. It works for 24 hours.";
