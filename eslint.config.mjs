// ESLint 9 flat config: Next.js (core web vitals: React, React Hooks, accessibility, Next's own
// rules) plus typescript-eslint. ESLint 10 is not accepted yet by the plugins eslint-config-next 16
// pulls in. `npm run lint` caches results, and the React Compiler rules, which compile every
// function they see and take most of the time, only run where components and hooks live.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

const compilerRules = Object.keys(nextVitals.find((c) => c.rules?.["react-hooks/purity"])?.rules ?? {}).filter(
  (rule) =>
    rule.startsWith("react-hooks/") && rule !== "react-hooks/rules-of-hooks" && rule !== "react-hooks/exhaustive-deps",
);

// Numbers and dates are written by the one formatting module (lib/format/), in the
// workspace's locale. Reading the browser's zone (`Intl.DateTimeFormat().resolvedOptions()`)
// is not formatting and stays allowed.
const FORMAT_MESSAGE = "Format numbers and dates with lib/format/ (the workspace locale), not Intl or toLocale*String.";
const displayFormatting = [
  {
    selector:
      "NewExpression[callee.object.name='Intl'][callee.property.name=/^(NumberFormat|DateTimeFormat|RelativeTimeFormat)$/]",
  },
  {
    selector:
      "CallExpression[callee.object.name='Intl'][callee.property.name=/^(NumberFormat|DateTimeFormat)$/][arguments.length>0]",
  },
  {
    selector:
      "MemberExpression[object.type='CallExpression'][object.callee.object.name='Intl'][object.callee.property.name=/^(NumberFormat|DateTimeFormat)$/][property.name!='resolvedOptions']",
  },
  { selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]" },
].map((rule) => ({ ...rule, message: FORMAT_MESSAGE }));

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    ".data/**",
    "lib/generated/**",
    "playwright-report/**",
    "test-results/**",
    "coverage/**",
    "next-env.d.ts",
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused bindings are errors, except the `_name` convention for ones left out on purpose
      // (a field destructured away, an unused callback parameter).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Server code, scripts and tests hold no React components or hooks (the PDF and e-mail
    // templates in lib/ are .tsx and keep the rules).
    files: ["lib/**/*.ts", "scripts/**", "e2e/**", "**/*.test.ts", "*.{ts,mjs}"],
    rules: Object.fromEntries(compilerRules.map((rule) => [rule, "off"])),
  },
  {
    files: ["**/*.{ts,tsx,mjs,js}"],
    rules: { "no-restricted-syntax": ["error", ...displayFormatting] },
  },
  {
    // The formatting module itself; zone arithmetic that reads offsets and canonical zone
    // names through Intl (not display formatting); and test code, whose reference values
    // must not come from the module they check.
    files: [
      "lib/format/**",
      "lib/time/zone.ts",
      "lib/time/zone-names.ts",
      "testing/**",
      "e2e/**",
      "scripts/**",
      "**/*.test.ts",
      "**/*.test.tsx",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // @react-pdf/renderer's <Image> draws into a PDF and has no alt attribute.
    files: ["lib/pdf/**/*.tsx"],
    rules: { "jsx-a11y/alt-text": "off" },
  },
]);
