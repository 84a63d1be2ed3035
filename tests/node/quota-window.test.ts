import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acquire,
  ARRIVAL_GUARD_MS,
  GOOGLE_WINDOW_MS,
  QuotaWindow,
  WINDOW_MS,
  type Priority,
} from "../../src/sheets/quota-window.ts";

/** The most grants (or arrivals) any 60 seconds of Google's hold. */
function busiestWindow(grants: readonly number[]): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= GOOGLE_WINDOW_MS) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

const priority = fc.constantFrom<Priority>("answers", "publish", "background");

describe("the quota window (Google's per-minute limits as a schedule)", () => {
  it("never grants more than the limit in any 60 seconds, per account and per project", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.nat(4_000), account: fc.nat(3), priority }), { maxLength: 600 }),
        (calls) => {
          const project = new QuotaWindow(100);
          const accounts = [0, 1, 2, 3].map(() => new QuotaWindow(60));
          const granted: number[][] = [[], [], [], []];
          let now = 1_000_000;
          for (const call of calls) {
            now += call.gapMs;
            const grant = acquire([accounts[call.account]!, project], now, call.priority);
            if ("at" in grant) {
              expect(grant.at).toBeGreaterThanOrEqual(now);
              granted[call.account]!.push(grant.at);
            } else expect(grant.retryAt).toBeGreaterThan(now);
          }
          for (const g of granted) expect(busiestWindow(g)).toBeLessThanOrEqual(60);
          expect(busiestWindow(granted.flat())).toBeLessThanOrEqual(100);
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it("keeps each spreadsheet within its own budget, and one busy sheet never delays another's next call", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.nat(2_000), sheet: fc.nat(2), priority }), { maxLength: 600 }),
        (calls) => {
          const account = new QuotaWindow(60);
          const sheets = [0, 1, 2].map(() => new QuotaWindow(30));
          const granted: number[][] = [[], [], []];
          let now = 1_000_000;
          for (const call of calls) {
            now += call.gapMs;
            const grant = acquire([account], now, call.priority, sheets[call.sheet]);
            if ("at" in grant) granted[call.sheet]!.push(grant.at);
            else expect(grant.retryAt).toBeGreaterThan(now);
          }
          for (const g of granted) expect(busiestWindow(g)).toBeLessThanOrEqual(30);
          expect(busiestWindow(granted.flat())).toBeLessThanOrEqual(60);
        },
      ),
      { seed: 14, numRuns: 200 },
    );
    // The account has room: a quiet sheet is served at once while a busy one is told to wait.
    const account = new QuotaWindow(60);
    const busy = new QuotaWindow(30);
    const quiet = new QuotaWindow(30);
    for (let i = 0; i < 30; i++) acquire([account], 1_000_000, "answers", busy);
    expect(acquire([account], 1_000_000, "answers", busy)).toEqual({ retryAt: 1_000_000 + WINDOW_MS });
    expect(acquire([account], 1_000_000, "answers", quiet)).toEqual({ at: 1_000_000 });
    // Half a minute on, the busy sheet could be booked 32 s ahead like any window's answer; it is
    // told to come back instead, so the quiet sheet's next call is not queued behind that booking.
    expect(acquire([account], 1_030_000, "answers", busy)).toEqual({ retryAt: 1_000_000 + WINDOW_MS });
    expect(acquire([account], 1_030_000, "answers", quiet)).toEqual({ at: 1_030_000 });
  });

  it("lets every priority through a limit as low as 1 (publishing's share never rounds to none)", () => {
    const sheet = new QuotaWindow(1);
    expect(acquire([new QuotaWindow(60)], 1_000_000, "publish", sheet)).toEqual({ at: 1_000_000 });
    expect(acquire([new QuotaWindow(1)], 1_000_000, "publish")).toEqual({ at: 1_000_000 });
  });

  it("stays under Google's count when each call arrives up to the guard later than its grant", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.nat(3_000), delayMs: fc.nat(ARRIVAL_GUARD_MS) }), {
          minLength: 100,
          maxLength: 500,
        }),
        (calls) => {
          const w = new QuotaWindow(60);
          const arrivals: number[] = [];
          let now = 2_000_000;
          for (const call of calls) {
            now += call.gapMs;
            const grant = acquire([w], now, "answers");
            if ("at" in grant) arrivals.push(grant.at + call.delayMs);
          }
          expect(busiestWindow(arrivals)).toBeLessThanOrEqual(60);
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it("keeps headroom: background work stops at half the window, publishing at 80%, answers use the rest", () => {
    const w = new QuotaWindow(60);
    const now = 5_000_000;
    const take = (p: Priority, n: number) =>
      Array.from({ length: n }, () => acquire([w], now, p)).filter((g) => "at" in g && g.at === now).length;
    expect(take("background", 40)).toBe(30);
    expect(take("publish", 40)).toBe(18);
    expect(take("background", 1)).toBe(0);
    expect(take("answers", 20)).toBe(12);
    // Full: an answer books a slot in the next minute (within 45 s it may wait); background is told when.
    const later = acquire([w], now + 20_000, "answers");
    expect(later).toEqual({ at: now + WINDOW_MS });
    const told = acquire([w], now + 20_000, "background");
    expect("retryAt" in told && told.retryAt).toBeGreaterThan(now + 20_000);
  });

  it("saves nothing up during an outage: the minute after it carries at most the limit", () => {
    const w = new QuotaWindow(60);
    const start = 9_000_000;
    for (let i = 0; i < 30; i++) acquire([w], start + i * 1000, "answers");
    const after = start + 10 * 60_000;
    const grants: number[] = [];
    for (let i = 0; i < 300; i++) {
      const g = acquire([w], after + i * 100, "answers");
      if ("at" in g) grants.push(g.at);
    }
    expect(busiestWindow(grants)).toBeLessThanOrEqual(60);
    expect(grants.filter((t) => t < after + WINDOW_MS)).toHaveLength(60);
  });
});
