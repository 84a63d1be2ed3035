import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seedDemo, sheetsCall, stats, TOKEN } from "./support/emulator.ts";
import { tomorrow } from "./support/clock.ts";

const SHEET = "demo-compound";
const auth = { authorization: `Bearer ${TOKEN}` };

interface GenerateBody {
  version: number;
  unchanged: boolean;
  metrics: { coverage: number; onDuty: number; protectiveSuits: number; loadRatio: number | null };
  plan: { assignments: Array<{ volunteerId: string; kind: string; buildings: string[] }>; uncovered: string[] };
}

async function generate(date: string): Promise<GenerateBody> {
  const response = await SELF.fetch(`http://local/api/demo/plans/${date}/generate`, { method: "POST", headers: auth });
  expect(response.status).toBe(200);
  return response.json();
}

describe("POST /api/{community}/plans/{date}/generate", () => {
  it("plans tomorrow for the demo: every building covered, one duty per volunteer, in the Plan tab", async () => {
    await seedDemo(SHEET);
    const before = await stats(SHEET);
    const body = await generate(tomorrow());
    expect(body.version).toBe(1);
    expect(body.metrics.coverage).toBe(1);
    expect(body.plan.uncovered).toEqual([]);
    expect(body.metrics.onDuty).toBe(120);
    // One suit per person working (the gate crew holds both waves as one block); none for standby.
    expect(body.metrics.protectiveSuits).toBe(body.plan.assignments.filter((a) => a.kind !== "standby").length);
    expect(body.metrics.protectiveSuits).toBeLessThan(120);
    const ids = body.plan.assignments.map((a) => a.volunteerId);
    expect(new Set(ids).size).toBe(ids.length);
    // Sync and plan share one write: a read of the organizer tabs, a fresh read of the target
    // rows just before the write, a read-back of the Check column (+ the tab titles when cold).
    const after = await stats(SHEET);
    expect(after.writes - before.writes).toBe(1);
    expect(after.reads - before.reads).toBeLessThanOrEqual(4);

    const planTab = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'分工 Plan'")}`)).json()) as {
      values: string[][];
    };
    expect(planTab.values).toHaveLength(1 + 120);
    const route = planTab.values.find((r) => r[3]?.endsWith("（包干）"))!;
    expect(route[0]).toBe(tomorrow());
    expect(route[4]).toMatch(/号楼/);
    expect(route[8]).toBe("草稿");

    const stored = await env.DB.prepare("SELECT count(*) AS n FROM assignments WHERE date = ?")
      .bind(tomorrow())
      .first<{ n: number }>();
    expect(stored!.n).toBe(120);
  });

  it("returns the same version when nothing changed, and a new one when the sheet did", async () => {
    await seedDemo(SHEET);
    const first = await generate(tomorrow());
    const again = await generate(tomorrow());
    expect(again).toMatchObject({ version: first.version, unchanged: true });
    // An organizer marks one volunteer inactive: a new version.
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'报名 Signups'!D2")}?valueInputOption=RAW`, {
      values: [["上午 AM"]],
    });
    const changed = await generate(tomorrow());
    expect(changed).toMatchObject({ version: first.version + 1, unchanged: false });
  });

  it("refuses a date that is not YYYY-MM-DD", async () => {
    const response = await SELF.fetch("http://local/api/demo/plans/tomorrow/generate", {
      method: "POST",
      headers: auth,
    });
    expect(response.status).toBe(400);
  });
});

describe("generating after the day was published", () => {
  it("keeps the published statuses in the Plan tab; the new draft waits in D1", async () => {
    await seedDemo(SHEET);
    const date = tomorrow();
    await generate(date);
    const published = await SELF.fetch(`http://local/api/demo/plans/${date}/publish`, {
      method: "POST",
      headers: auth,
    });
    expect(published.status).toBe(200);
    // Let the outbox write the published rows, then change the sheet and generate again.
    const { runDurableObjectAlarm } = await import("cloudflare:test");
    const outbox = env.OUTBOX.get(env.OUTBOX.idFromName(SHEET));
    await runDurableObjectAlarm(outbox);
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'报名 Signups'!D3")}?valueInputOption=RAW`, {
      values: [["下午 PM"]],
    });
    const draft = await generate(date);
    expect(draft.unchanged).toBe(false);
    const planTab = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'分工 Plan'")}`)).json()) as {
      values: string[][];
    };
    const statuses = planTab.values
      .slice(1)
      .filter((r) => r[0] === date)
      .map((r) => r[8]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses).not.toContain("草稿 Draft");
  });
});
