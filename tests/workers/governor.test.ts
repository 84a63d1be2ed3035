/**
 * The Sheets governor as the Worker uses it: one Durable Object per Google project that every
 * Sheets call asks for a slot. Google's limits are configured here (the rest of the suite runs
 * with them lifted, since it makes a day's calls in a minute).
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildServices } from "../../src/env.ts";
import { SheetsGovernor } from "../../src/sheets/governor.ts";
import { GOOGLE_WINDOW_MS } from "../../src/sheets/quota-window.ts";
import { seedDemo } from "./support/emulator.ts";

const governor = (name: string) => env.GOVERNOR.get(env.GOVERNOR.idFromName(name));
const google = { accountReads: 60, accountWrites: 60, projectReads: 300, projectWrites: 300 };

function busiest(grants: readonly number[]): number {
  const s = [...grants].sort((a, b) => a - b);
  let best = 0;
  for (let end = 0, start = 0; end < s.length; end++) {
    while (s[end]! - s[start]! >= GOOGLE_WINDOW_MS) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("the Sheets governor (one Durable Object per Google project)", () => {
  it("keeps one account within 60 reads a minute under 200 concurrent callers", async () => {
    const gov = governor("gov-concurrent");
    await gov.configure(google);
    const now = 1_800_000_000_000;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gov.acquire({ account: "a@p.iam", kind: "read", priority: "answers", now: now + i * 50 }),
      ),
    );
    const granted = results.flatMap((r) => ("at" in r ? [r.at] : []));
    expect(busiest(granted)).toBeLessThanOrEqual(60);
    expect(granted.length).toBeGreaterThanOrEqual(60);
    // Those not granted are told when to come back, never before a slot can exist.
    for (const r of results) if ("retryAt" in r) expect(r.retryAt).toBeGreaterThan(now);
    expect(results.at(-1)!.pressure).toBeGreaterThanOrEqual(1);
  });

  it("honours priorities: problem refreshes give way first, publishing next, answers last", async () => {
    const gov = governor("gov-priorities");
    await gov.configure(google);
    const now = 1_800_000_100_000;
    const ask = (priority: "answers" | "publish" | "background") =>
      gov.acquire({ account: "a@p.iam", kind: "write", priority, now });
    const granted = async (priority: "answers" | "publish" | "background", n: number) => {
      let count = 0;
      for (let i = 0; i < n; i++) if ("at" in (await ask(priority))) count++;
      return count;
    };
    expect(await granted("background", 40)).toBe(30);
    expect(await granted("publish", 40)).toBeGreaterThanOrEqual(18);
    const answers = await ask("answers");
    expect("at" in answers).toBe(true);
    expect(await ask("background")).toMatchObject({ retryAt: expect.any(Number) });
    const stats = await gov.stats(now);
    expect(stats.deferred.background).toBeGreaterThan(0);
  });

  it("counts the project across accounts: six accounts share 300 writes a minute", async () => {
    const gov = governor("gov-project");
    await gov.configure(google);
    const now = 1_800_000_200_000;
    let granted = 0;
    for (let a = 0; a < 6; a++) {
      for (let i = 0; i < 60; i++) {
        const r = await gov.acquire({ account: `sa${a}@p.iam`, kind: "write", priority: "answers", now });
        if ("at" in r && r.at === now) granted++;
      }
    }
    expect(granted).toBe(300);
  });

  it("remembers the last minute's grants when it starts again: a restart lets no second minute through", async () => {
    const stub = governor("gov-restart");
    await stub.configure({ ...google, accountReads: 10 });
    const now = 1_800_000_300_000;
    for (let i = 0; i < 10; i++) {
      expect(await stub.acquire({ account: "a@p.iam", kind: "read", priority: "answers", now: now + i })).toMatchObject(
        {
          at: now + i,
        },
      );
    }
    await runInDurableObject(stub, async (_instance, state) => {
      // A new instance on the same storage: what an eviction, a crash or a deploy leaves (its
      // limits from the deployment's variables, here the 10 reads configured above).
      const restarted = new SheetsGovernor(state, { ...env, SHEETS_READS_PER_MINUTE: "10" });
      const next = await restarted.acquire({ account: "a@p.iam", kind: "read", priority: "answers", now: now + 1_000 });
      // Not granted: told to come back once the first grant has left the window (a forgetful
      // governor granted it at once).
      expect(next).toMatchObject({ retryAt: expect.any(Number) });
      expect("retryAt" in next && next.retryAt).toBeGreaterThanOrEqual(now + GOOGLE_WINDOW_MS);
      const grants = await restarted.grants();
      expect(busiest(grants["account:a@p.iam:read"]!)).toBeLessThanOrEqual(10);
      // Writes were never asked for: their window starts empty.
      expect(
        await restarted.acquire({ account: "a@p.iam", kind: "write", priority: "answers", now: now + 1_000 }),
      ).toMatchObject({
        at: now + 1_000,
      });
    });
  });

  it("keeps one spreadsheet within 30 requests a minute, reads and writes together, while others go at once", async () => {
    const gov = governor("gov-spreadsheet");
    await gov.configure({ ...google, spreadsheetRequests: 30 });
    const now = 1_800_000_300_000;
    // A compound's busy morning: 120 taps' worth of reads and writes in two minutes.
    const results = [];
    for (let i = 0; i < 120; i++) {
      const kind = i % 2 === 0 ? "read" : "write";
      results.push(
        await gov.acquire({
          account: "a@p.iam",
          kind,
          priority: "answers",
          spreadsheetId: "busy",
          now: now + i * 1_000,
        }),
      );
    }
    const granted = results.flatMap((r) => ("at" in r ? [r.at] : []));
    expect(busiest(granted)).toBeLessThanOrEqual(30);
    // Never refused for good: over the sheet's budget, answers are told when to ask again.
    expect(granted.length).toBeGreaterThanOrEqual(30);
    // The account (60 + 60) still has room: another compound's sheet is served on the spot.
    const other = await gov.acquire({
      account: "a@p.iam",
      kind: "write",
      priority: "answers",
      spreadsheetId: "quiet",
      now: now + 120_000,
    });
    expect(other).toMatchObject({ at: now + 120_000 });
    const stats = await gov.stats(now + 120_000);
    expect(stats.lastMinute["sheet:busy"]).toBeLessThanOrEqual(30);
  });

  it("counts every gateway call against its spreadsheet's own budget", async () => {
    await seedDemo("gov-sheet-budget");
    await governor("local").configure({ spreadsheetRequests: 3 });
    try {
      const services = buildServices(env);
      const background = services.sheetsById("gov-sheet-budget", { priority: "background" });
      await expect(background.read(["volunteers"])).rejects.toMatchObject({ kind: "quota" });
      const stats = await governor("local").stats();
      // One of background's share (half of 3) was used before the next was refused.
      expect(stats.lastMinute["sheet:gov-sheet-budget"]).toBe(1);
      // Another spreadsheet on the same account is not held back.
      await seedDemo("gov-sheet-other");
      const read = await services.sheetsById("gov-sheet-other", { priority: "answers" }).read(["volunteers"]);
      expect(read.tabs.volunteers?.rows.length).toBeGreaterThan(0);
    } finally {
      await governor("local").configure({ spreadsheetRequests: 1_000_000 });
    }
  });

  it("stands between the gateway and the sheet: background work past its share fails as quota, answers wait", async () => {
    await seedDemo("gov-gateway");
    await governor("local").configure({ accountReads: 4, accountWrites: 4, projectReads: 300, projectWrites: 300 });
    try {
      const services = buildServices(env);
      const background = services.sheetsById("gov-gateway", { priority: "background" });
      await background.read(["volunteers"]); // titles + tab: 2 of the 2 background may use
      await expect(background.read(["volunteers"])).rejects.toMatchObject({ kind: "quota" });
      // An answer may still use the rest of the minute.
      const answers = services.sheetsById("gov-gateway", { priority: "answers" });
      const read = await answers.read(["volunteers"]);
      expect(read.tabs.volunteers?.rows.length).toBeGreaterThan(0);
    } finally {
      await governor("local").configure({
        accountReads: 1_000_000,
        accountWrites: 1_000_000,
        projectReads: 1_000_000,
        projectWrites: 1_000_000,
      });
    }
  });
});
