import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tabKeys } from "../../src/sheets/manifest.ts";
import { fastGateway, seedDemo, sheetsCall, stats } from "./support/emulator.ts";

const sheetId = async (spreadsheetId: string, title: string) => {
  const meta = (await (await sheetsCall(spreadsheetId, "GET", "")).json()) as {
    sheets: Array<{ properties: { sheetId: number; title: string } }>;
  };
  return meta.sheets.find((s) => s.properties.title === title)!.properties.sheetId;
};

describe("gateway round trip against the emulator", () => {
  it("reads every tab of the demo compound in one Sheets request once the tab titles are known", async () => {
    await seedDemo("rt-read");
    const first = fastGateway("rt-read");
    await first.read(["volunteers"]);
    expect(first.requests).toBe(2); // the titles (properties only), then the tab by name
    const gateway = fastGateway("rt-read");
    const read = await gateway.read(tabKeys);
    expect(read.problems).toEqual([]);
    expect(read.tabs.volunteers?.rows).toHaveLength(320);
    expect(read.tabs.signups?.rows).toHaveLength(120);
    expect(read.tabs.buildings?.rows).toHaveLength(32);
    const households = read.tabs.buildings!.rows.reduce((n, r) => n + Number(r.cells.households), 0);
    expect(households).toBe(1380);
    expect(gateway.requests).toBe(1);
    const calls = await stats("rt-read");
    expect(calls.byMethod).toEqual({ "spreadsheets.get": 3 });
  });

  it("stays at one request for a roster ten times larger", async () => {
    await seedDemo("rt-10x", 10);
    await fastGateway("rt-10x").read([]);
    const gateway = fastGateway("rt-10x");
    const read = await gateway.read(tabKeys);
    expect(read.tabs.volunteers?.rows).toHaveLength(3200);
    expect(gateway.requests).toBe(1);
  });

  it("lands Check values on the right IDs after the organizer sorts the tab and inserts a row", async () => {
    await seedDemo("rt-sort");
    const gateway = fastGateway("rt-sort");
    const read = await gateway.read(["volunteers"]);
    const rows = read.tabs.volunteers!.rows;
    const values = new Map(rows.map((r) => [r.key, `checked ${r.cells.volunteer_id}`]));

    // Between our read and our write: sort by name descending, then insert a blank row at the top.
    const id = await sheetId("rt-sort", "志愿者 Volunteers");
    await sheetsCall("rt-sort", "POST", ":batchUpdate", {
      requests: [
        {
          sortRange: {
            range: { sheetId: id, startRowIndex: 1 },
            sortSpecs: [{ dimensionIndex: 1, sortOrder: "DESCENDING" }],
          },
        },
        { insertDimension: { range: { sheetId: id, dimension: "ROWS", startIndex: 1, endIndex: 2 } } },
      ],
    });
    const report = await gateway.write([{ kind: "column", tab: "volunteers", column: "check", values, otherwise: "" }]);
    // One read to find the rows again, one batchUpdate, one read-back of the Check column.
    expect(report.requests).toBe(3);
    expect(report.misplaced).toBe(0);

    const after = await fastGateway("rt-sort").read(["volunteers"]);
    expect(after.tabs.volunteers!.rows).toHaveLength(320);
    for (const row of after.tabs.volunteers!.rows) {
      expect(row.cells.check).toBe(`checked ${row.cells.volunteer_id}`);
    }
    expect(after.tabs.volunteers!.rows[0]!.rowNumber).toBe(3); // row 2 is the inserted blank row
  });

  it("writes people's text RAW: a formula in a name stays text in the sheet", async () => {
    await seedDemo("rt-raw");
    const gateway = fastGateway("rt-raw");
    const formula = '=IMPORTXML("http://example.com","//a")';
    await gateway.write([
      {
        kind: "replace",
        tab: "problems",
        rows: [{ tab: "volunteers", value: formula, code: "x", zh: "中", en: "en", severity: "error" }],
      },
    ]);
    const response = await sheetsCall(
      "rt-raw",
      "GET",
      `/values/${encodeURIComponent("'问题 Problems'!A2:E2")}?valueRenderOption=FORMULA`,
    );
    const body = (await response.json()) as { values: string[][] };
    expect(body.values[0]![4]).toBe(formula);
    const read = await gateway.read(["problems"]);
    expect(read.tabs.problems!.rows[0]!.cells.value).toBe(formula);
  });

  it("upserts Plan rows by date and ID, keeping what it wrote before", async () => {
    await seedDemo("rt-plan");
    const gateway = fastGateway("rt-plan");
    await gateway.write([
      {
        kind: "upsert",
        tab: "plan",
        rows: [{ date: "2022-04-19", volunteer_id: "V001", name: "甲", post: "路线1", status: "待确认 Pending" }],
      },
    ]);
    const second = await gateway.write([
      {
        kind: "upsert",
        tab: "plan",
        rows: [
          { date: "2022-04-19", volunteer_id: "V001", status: "已确认 Confirmed" },
          { date: "2022-04-19", volunteer_id: "V002", name: "乙", post: "门岗", status: "待确认 Pending" },
        ],
      },
    ]);
    expect(second.appended).toBe(1);
    const plan = (await gateway.read(["plan"])).tabs.plan!.rows;
    expect(plan.map((r) => [r.cells.volunteer_id, r.cells.post, r.cells.status])).toEqual([
      ["V001", "路线1", "已确认 Confirmed"],
      ["V002", "门岗", "待确认 Pending"],
    ]);
  });

  it("retries through injected 429 and 503 answers without losing the read or the write", async () => {
    await seedDemo("rt-faults");
    const { setFaults } = await import("./support/emulator.ts");
    await setFaults("rt-faults", { failureRate: 0.5, seed: 7 });
    const gateway = fastGateway("rt-faults");
    const read = await gateway.read(["volunteers"]);
    expect(read.tabs.volunteers!.rows).toHaveLength(320);
    await gateway.write([
      { kind: "replace", tab: "problems", rows: [{ tab: "t", code: "c", zh: "中", en: "en", severity: "warning" }] },
    ]);
    await setFaults("rt-faults", { failureRate: 0 });
    expect((await fastGateway("rt-faults").read(["problems"])).tabs.problems!.rows).toHaveLength(1);
    const s = await stats("rt-faults");
    expect((s.injected["429"] ?? 0) + (s.injected["503"] ?? 0)).toBeGreaterThan(0);
  });

  it("reports a quota that retries cannot outlast as a quota error, having counted the throttled calls", async () => {
    await seedDemo("rt-quota");
    const limits = (value: unknown) =>
      SELF.fetch("http://local/emulator/quota", {
        method: "PUT",
        headers: { authorization: `Bearer ${env.ORGANIZER_TOKEN}` },
        body: JSON.stringify({ limits: value }),
      });
    await limits({ perUser: { reads: 3, writes: 60 }, perProject: { reads: 300, writes: 300 } });
    try {
      const gateway = fastGateway("rt-quota");
      await gateway.read(["volunteers"]); // the tab titles, then the tab
      await gateway.read(["volunteers"]); // three reads: the quota is used up
      const attempt = gateway.read(["volunteers"]);
      await expect(attempt).rejects.toMatchObject({ kind: "quota" });
      expect((await stats("rt-quota")).throttled).toBeGreaterThan(0);
    } finally {
      await limits(null);
    }
  });
});
