import { describe, expect, it } from "vitest";
import { manifest, tabKeys, tabTitle } from "../../src/sheets/manifest.ts";
import { initWorkbook } from "../../src/sheets/setup.ts";
import { PROTECTION_NOTE } from "../../src/sheets/setup-plan.ts";
import { createEmpty, fastGateway, seedDemo, sheetsCall } from "./support/emulator.ts";

interface SheetView {
  properties: { title: string; gridProperties: { frozenRowCount?: number } };
  protectedRanges?: Array<{ description: string; warningOnly: boolean }>;
}

describe("sheet:init", () => {
  it("builds every tab with bilingual headers, frozen rows, dropdowns and protected system tabs", async () => {
    await createEmpty("setup-empty");
    const result = await initWorkbook(fastGateway("setup-empty"));
    expect(result.conflicts).toEqual([]);
    expect(result.created).toEqual(manifest.tabs.map(tabTitle));
    expect(result.requests).toBe(3); // get + header batchGet + one atomic batchUpdate

    const meta = (await (await sheetsCall("setup-empty", "GET", "?includeGridData=false")).json()) as {
      sheets: SheetView[];
    };
    const byTitle = new Map(meta.sheets.map((s) => [s.properties.title, s]));
    for (const tab of manifest.tabs) {
      const sheet = byTitle.get(tabTitle(tab))!;
      expect(sheet.properties.gridProperties.frozenRowCount).toBe(1);
      const ours = (sheet.protectedRanges ?? []).filter((p) => p.description === PROTECTION_NOTE);
      // System tabs are protected whole; organizer tabs only in their Check column.
      expect(ours.length, tab.key).toBe(tab.protected ? 1 : tab.columns.filter((c) => c.owner === "system").length);
      expect(ours.every((p) => p.warningOnly)).toBe(true);
    }
    const header = (await (
      await sheetsCall("setup-empty", "GET", `/values/${encodeURIComponent("'报名 Signups'!1:1")}`)
    ).json()) as { values: string[][] };
    expect(header.values[0]).toEqual([
      "日期 Date",
      "编号 Volunteer ID",
      "姓名 Name",
      "时段 Availability",
      "指定岗位 Pinned post",
      "备注 Note",
      "检查 Check",
    ]);

    const grid = (await (
      await sheetsCall("setup-empty", "GET", `?includeGridData=true&ranges=${encodeURIComponent("'报名 Signups'!D2")}`)
    ).json()) as {
      sheets: Array<{
        data: Array<{
          rowData: Array<{
            values: Array<{ dataValidation?: { condition: { values: Array<{ userEnteredValue: string }> } } }>;
          }>;
        }>;
      }>;
    };
    const rule = grid.sheets[0]!.data[0]!.rowData[0]!.values[0]!.dataValidation!;
    expect(rule.condition.values.map((v) => v.userEnteredValue)).toEqual(["全天 All day", "上午 AM", "下午 PM"]);

    // The gateway reads the fresh workbook without problems.
    const read = await fastGateway("setup-empty").read(tabKeys);
    expect(read.problems).toEqual([]);
  });

  it("is safe to run twice: the second run changes nothing", async () => {
    await createEmpty("setup-twice");
    await initWorkbook(fastGateway("setup-twice"));
    const again = await initWorkbook(fastGateway("setup-twice"));
    expect(again).toMatchObject({ created: [], updated: [], conflicts: [] });
    expect(again.requests).toBe(2); // looked, changed nothing
  });

  it("agrees with the seeded demo: sheet:init finds nothing to add", async () => {
    await seedDemo("setup-demo");
    const result = await initWorkbook(fastGateway("setup-demo"));
    expect(result).toMatchObject({ created: [], updated: [], conflicts: [] });
  });

  it("adds only what is missing to an organizer's own tab (the system columns), keeping their columns", async () => {
    await createEmpty("setup-partial");
    await sheetsCall("setup-partial", "POST", ":batchUpdate", {
      requests: [{ addSheet: { properties: { title: "志愿者" } } }],
    });
    await sheetsCall("setup-partial", "PUT", `/values/${encodeURIComponent("志愿者!A1")}?valueInputOption=RAW`, {
      values: [
        ["姓名", "编号", "手机", "年龄", "微信"],
        ["王芳", "V1", "13800000001", "30", "wf"],
      ],
    });
    const result = await initWorkbook(fastGateway("setup-partial"));
    expect(result.updated).toContain("志愿者");
    const values = (await (
      await sheetsCall("setup-partial", "GET", `/values/${encodeURIComponent("志愿者")}`)
    ).json()) as { values: string[][] };
    // The system columns it lacked: 培训日期 (roll call writes it) and Check.
    expect(values.values[0]).toEqual(["姓名", "编号", "手机", "年龄", "微信", "培训日期 Trained on", "检查 Check"]);
    expect(values.values[1]).toEqual(["王芳", "V1", "13800000001", "30", "wf"]);
  });

  it("refuses a spreadsheet whose tabs conflict, naming them and changing nothing", async () => {
    await createEmpty("setup-conflict");
    await sheetsCall("setup-conflict", "POST", ":batchUpdate", {
      requests: [{ addSheet: { properties: { title: "Plan" } } }],
    });
    await sheetsCall("setup-conflict", "PUT", `/values/${encodeURIComponent("Plan!A1")}?valueInputOption=RAW`, {
      values: [
        ["Quarter", "Budget"],
        ["Q1", "100"],
      ],
    });
    const before = await (await sheetsCall("setup-conflict", "GET", "")).json();
    const result = await initWorkbook(fastGateway("setup-conflict"));
    expect(result.conflicts.map((c) => c.title)).toEqual(["Plan"]);
    expect(result.conflicts[0]!.zh).toContain("“Plan”");
    expect(result.created).toEqual([]);
    expect(await (await sheetsCall("setup-conflict", "GET", "")).json()).toEqual(before);
  });
});
