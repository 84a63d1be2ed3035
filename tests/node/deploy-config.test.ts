/**
 * What a plain `wrangler deploy` of the shipped wrangler.toml would run: the Google backend, so the
 * emulator's routes (every volunteer's phone number, unauthenticated edits in older builds) cannot
 * be served from a deployment; tests/workers/gateway-bad-input.test.ts proves that with "google"
 * they do not exist. The local default gets "emulator" from .dev.vars, which deploys never read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

const root = path.resolve(import.meta.dirname, "../..");

describe("the shipped deployment settings", () => {
  it("a wrangler deploy of wrangler.toml runs SHEETS_BACKEND=google, in every environment it defines", () => {
    const config = unstable_readConfig({ config: path.join(root, "wrangler.toml") });
    expect(config.vars.SHEETS_BACKEND).toBe("google");
    expect(config.vars).not.toHaveProperty("ZC_NOW");
    const raw = readFileSync(path.join(root, "wrangler.toml"), "utf8");
    expect(raw).not.toMatch(/SHEETS_BACKEND\s*=\s*"emulator"/);
  });

  it("the local default's .dev.vars (from the example) selects the emulator and no clock pin", () => {
    const example = readFileSync(path.join(root, ".dev.vars.example"), "utf8");
    expect(example).toMatch(/^SHEETS_BACKEND=emulator$/m);
    expect(example).not.toMatch(/^ZC_NOW=/m);
  });
});
