// Lint rules, including the one boundary that matters most: src/domain stays pure
// (no Hono, no Cloudflare runtime, no Sheets client, no adapters) — DESIGN.md "Layout".
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", ".wrangler", "dist", "coverage", "src/worker-configuration.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["hono", "hono/*"], message: "src/domain is pure: no Hono." },
            { group: ["cloudflare:*"], message: "src/domain is pure: no Cloudflare runtime." },
            { group: ["google-spreadsheet", "ky"], message: "src/domain is pure: no Sheets client." },
            {
              group: ["**/sheets/*", "**/store/*", "**/emulator/*", "**/routes/*", "**/cron/*", "**/pages/*"],
              message: "src/domain may not import adapters.",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "src/domain is pure: pass data in." }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "src/domain is pure: pass the time in.",
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "src/domain is pure: pass a seed in." },
        { object: "Date", property: "now", message: "src/domain is pure: pass the time in." },
      ],
    },
  },
);
