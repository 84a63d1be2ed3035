import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seedDemo, setCell, sheetsCall, stats, TOKEN } from "./support/emulator.ts";

const SHEET = "demo-compound";
const auth = { authorization: `Bearer ${TOKEN}` };

interface SyncBody {
  problems: Array<{
    tab: string;
    row?: number;
    id?: string;
    column?: string;
    code: string;
    zh: string;
    en: string;
    severity: string;
  }>;
  counts: { rows: number; errors: number; warnings: number };
  snapshotAt: string;
}

async function sync(): Promise<SyncBody> {
  const response = await SELF.fetch("http://local/api/demo/sync", { method: "POST", headers: auth });
  expect(response.status).toBe(200);
  return response.json();
}

async function values(range: string): Promise<string[][]> {
  const body = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(range)}`)).json()) as {
    values?: string[][];
  };
  return body.values ?? [];
}

describe("POST /api/{community}/sync", () => {
  it("validates the clean demo with no errors in 1 write and 3 reads (tabs, fresh rows, read-back), and ticks every row", async () => {
    await seedDemo(SHEET);
    const before = await stats(SHEET);
    const body = await sync();
    expect(body.counts.errors).toBe(0);
    expect(body.counts.rows).toBe(320 + 120 + 32 + 10 + 64 + 5);
    const after = await stats(SHEET);
    // + one properties-only read when this isolate does not know the tab titles yet.
    expect(after.reads - before.reads).toBeLessThanOrEqual(4);
    expect(after.writes - before.writes).toBe(1);
    // Nothing changed since: the second sync reads twice and writes nothing.
    await sync();
    const again = await stats(SHEET);
    expect(again.reads - after.reads).toBe(2);
    expect(again.writes - after.writes).toBe(0);
    // Check is the rightmost column: J, after 培训日期 (I).
    const check = await values("'志愿者 Volunteers'!J2:J321");
    expect(check).toHaveLength(320);
    expect(check.every((r) => r[0] === "✓")).toBe(true);
  });

  it("shows each problem beside its row and in the Problems tab, then clears it once fixed", async () => {
    await seedDemo(SHEET);
    await setCell(SHEET, "'志愿者 Volunteers'!C4", "12345"); // V003: not a mobile number
    await setCell(SHEET, "'志愿者 Volunteers'!D5", "55"); // V004: over the age limit
    await setCell(SHEET, "'志愿者 Volunteers'!B6", '=IMPORTXML("http://x","//a")'); // a formula as a name
    const body = await sync();
    expect(body.counts.errors).toBeGreaterThanOrEqual(2);
    const phone = body.problems.find((p) => p.id === "V003" && p.column === "phone")!;
    expect(phone).toMatchObject({ tab: "volunteers", row: 4, severity: "error" });
    expect(phone.zh).toMatch(/手机/);
    expect(phone.en).toMatch(/phone|mobile/i);
    expect(body.problems.some((p) => p.id === "V004" && p.code === "age_over_limit")).toBe(true);

    const check = await values("'志愿者 Volunteers'!J2:J6");
    expect(check[0]![0]).toBe("✓");
    expect(check[2]![0]).toContain(phone.zh);
    expect(check[3]![0]).not.toBe("✓");

    const problemsTab = await values("'问题 Problems'");
    expect(problemsTab[0]).toEqual([
      "表 Tab",
      "行 Row",
      "编号 ID",
      "列 Column",
      "内容 Value",
      "代码 Code",
      "中文说明 Chinese",
      "英文说明 English",
      "级别 Severity",
      "位置 Link",
    ]);
    const phoneRow = problemsTab.find((r) => r[2] === "V003" && r[5] === phone.code)!;
    expect(phoneRow.slice(0, 5)).toEqual(["志愿者", "4", "V003", "手机", "12345"]);
    expect(phoneRow[9]).toContain("cell=C4");

    // Fix the phone; the problem and its Check text go away on the next sync.
    await setCell(SHEET, "'志愿者 Volunteers'!C4", "139 1234 5678");
    const again = await sync();
    expect(again.problems.some((p) => p.id === "V003")).toBe(false);
    expect((await values("'志愿者 Volunteers'!J4"))[0]![0]).toBe("✓");
    expect((await values("'问题 Problems'")).some((r) => r[2] === "V003")).toBe(false);
  });

  it("copies a formula-looking value into the Problems tab as text, never as a formula", async () => {
    await seedDemo(SHEET);
    // Pasted as plain text (as from WeChat): the cell holds the characters "=1+1", not a formula.
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'志愿者 Volunteers'!D3")}?valueInputOption=RAW`, {
      values: [["=1+1"]],
    });
    await sync();
    const formatted = await values("'问题 Problems'");
    const row = formatted.find((r) => r[2] === "V002")!;
    expect(row[4]).toBe("=1+1"); // a formula would show 2 (or #NAME? in the emulator)
    const unformatted = (await (
      await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'问题 Problems'")}?valueRenderOption=FORMULA`)
    ).json()) as { values: string[][] };
    expect(unformatted.values.find((r) => r[2] === "V002")![4]).toBe("=1+1");
  });
});
