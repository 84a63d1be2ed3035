import { describe, expect, it } from "vitest";
import { tabSpec } from "../../src/sheets/manifest.ts";
import { readTabGrid, rowKey } from "../../src/sheets/tab-reader.ts";
import { planWrites, type FreshTab } from "../../src/sheets/write-plan.ts";

function fresh(tab: "volunteers" | "plan" | "problems", grid: string[][], sheetId = 1): FreshTab {
  const { read } = readTabGrid(tabSpec(tab), grid, { title: tab, sheetId });
  return { read, sheetId, rowCount: 1000, columnCount: 26, usedColumns: Math.max(...grid.map((r) => r.length)) };
}

const header = ["编号 ID", "姓名 Name", "手机 Phone", "年龄 Age", "检查 Check"];

describe("write plan", () => {
  it("puts each Check value on the row that holds its ID, wherever the sort moved it", () => {
    const sorted = [header, ["V2", "李娜", "13900000002", "31"], ["V1", "王芳", "13900000001", "29"]];
    const values = new Map([
      ["id:V1", "✓"],
      ["id:V2", "年龄超限 Age over limit"],
    ]);
    const plan = planWrites(
      [{ kind: "column", tab: "volunteers", column: "check", values, otherwise: "" }],
      new Map([["volunteers", fresh("volunteers", sorted)]]),
    );
    expect(plan.sheets[0]!.cells).toEqual([
      { row: 1, column: 4, value: "年龄超限 Age over limit" },
      { row: 2, column: 4, value: "✓" },
    ]);
  });

  it("adds a missing Check header after the organizer's last column instead of overwriting it", () => {
    const grid = [
      ["编号", "姓名", "手机", "年龄", "微信"],
      ["V1", "王芳", "13900000001", "29", "wf"],
    ];
    const plan = planWrites(
      [{ kind: "column", tab: "volunteers", column: "check", values: new Map([["id:V1", "✓"]]), otherwise: "" }],
      new Map([["volunteers", fresh("volunteers", grid)]]),
    );
    expect(plan.sheets[0]!.cells).toEqual([
      { row: 0, column: 5, value: "检查 Check" },
      { row: 1, column: 5, value: "✓" },
    ]);
  });

  it("refuses to write an organizer-owned column", () => {
    expect(() =>
      planWrites(
        [{ kind: "column", tab: "volunteers", column: "name", values: new Map(), otherwise: "" }],
        new Map([["volunteers", fresh("volunteers", [header])]]),
      ),
    ).toThrow(/organizer-owned/);
  });

  it("upserts plan rows by date and volunteer ID, appending the new ones and growing the grid by what they need", () => {
    const planHeader = tabSpec("plan").columns.map((c) => c.zh);
    const grid = [planHeader, ["2022-04-19", "V1", "王芳", "1号路线"]];
    const f = { ...fresh("plan", grid), rowCount: 2 };
    const plan = planWrites(
      [
        {
          kind: "upsert",
          tab: "plan",
          rows: [
            { date: "2022-04-19", volunteer_id: "V1", status: "已确认 Confirmed" },
            { date: "2022-04-19", volunteer_id: "V9", name: "赵强", status: "待确认 Pending" },
          ],
        },
      ],
      new Map([["plan", f]]),
    );
    const status = tabSpec("plan").columns.findIndex((c) => c.key === "status");
    expect(plan.sheets[0]!.cells).toContainEqual({ row: 1, column: status, value: "已确认 Confirmed" });
    expect(plan.sheets[0]!.cells).toContainEqual({ row: 2, column: 1, value: "V9" });
    expect(plan.appended).toBe(1);
    // Relative growth: one row more, never an absolute size that could cut off a row added since.
    expect(plan.sheets[0]!).toMatchObject({ addRows: 1, addColumns: 0 });
  });

  it("keeps one row per key after an insert left the last row twice: the first rewritten whole, the rest blanked", () => {
    const columns = tabSpec("plan").columns;
    const at = (key: string) => columns.findIndex((c) => c.key === key);
    const row = (id: string, name: string, status: string) => {
      const r: string[] = [];
      r[at("date")] = "2022-04-19";
      r[at("volunteer_id")] = id;
      r[at("name")] = name;
      r[at("status")] = status;
      return Array.from(r, (v) => v ?? "");
    };
    // An organizer inserted a row above while the publish wrote: V2's old row was shifted below
    // the fresh one. V1's answer comes next; V2 is only known from what the outbox wrote.
    const grid = [
      columns.map((c) => c.zh),
      row("V1", "王芳", "待确认 Pending"),
      row("V2", "李娜", "待确认 Pending"),
      row("V2", "李娜", "草稿 Draft"),
    ];
    const whole = { date: "2022-04-19", volunteer_id: "V2", name: "李娜", status: "待确认 Pending", post: "1号楼" };
    const plan = planWrites(
      [
        {
          kind: "upsert",
          tab: "plan",
          rows: [{ date: "2022-04-19", volunteer_id: "V1", status: "已确认 Confirmed" }],
          known: new Map([[rowKey(tabSpec("plan"), whole), whole]]),
        },
      ],
      new Map([["plan", fresh("plan", grid)]]),
    );
    const cells = plan.sheets[0]!.cells;
    expect(cells).toContainEqual({ row: 1, column: at("status"), value: "已确认 Confirmed" });
    // V2: row 3 (the first) rewritten whole, row 4 blanked in every column; nothing appended.
    for (const [key, value] of Object.entries(whole)) expect(cells).toContainEqual({ row: 2, column: at(key), value });
    for (const c of columns) expect(cells).toContainEqual({ row: 3, column: at(c.key), value: "" });
    expect(plan.appended).toBe(0);
  });

  it("adds back, whole, the row a shifted write covered (its key gone, another key twice)", () => {
    const columns = tabSpec("plan").columns;
    const at = (key: string) => columns.findIndex((c) => c.key === key);
    const row = (id: string, name: string) => {
      const r: string[] = [];
      r[at("date")] = "2022-04-19";
      r[at("volunteer_id")] = id;
      r[at("name")] = name;
      r[at("status")] = "待确认 Pending";
      return Array.from(r, (v) => v ?? "");
    };
    const whole = (id: string, name: string) => ({
      date: "2022-04-19",
      volunteer_id: id,
      name,
      status: "待确认 Pending",
      post: "1号楼",
    });
    // V9's row of an earlier day is gone too, cleared by the organizers: it stays gone.
    const earlier = { ...whole("V9", "赵磊"), date: "2022-04-18" };
    const known = new Map(
      [whole("V1", "王芳"), whole("V2", "李娜"), whole("V3", "张伟"), earlier].map((w) => [
        rowKey(tabSpec("plan"), w),
        w,
      ]),
    );
    // V2's row was written over with V3's (an insert above shifted the rows under a write).
    const shifted = [columns.map((c) => c.zh), row("V1", "王芳"), row("V3", "张伟"), row("V3", "张伟")];
    const plan = planWrites(
      [{ kind: "upsert", tab: "plan", rows: [], known }],
      new Map([["plan", fresh("plan", shifted)]]),
    );
    // On the extra copy of V3's row (row 4), in every column: nothing left of V3 there.
    const row4 = plan.sheets[0]!.cells.filter((c) => c.row === 3);
    const v2 = whole("V2", "李娜");
    for (const c of columns) {
      expect(row4).toContainEqual({ row: 3, column: at(c.key), value: v2[c.key as keyof typeof v2] ?? "" });
    }
    expect(plan.appended).toBe(1);
    // An organizer's own deletion (no key twice) is left alone: V2 is not brought back.
    const deleted = [columns.map((c) => c.zh), row("V1", "王芳"), row("V3", "张伟")];
    const untouched = planWrites(
      [{ kind: "upsert", tab: "plan", rows: [], known }],
      new Map([["plan", fresh("plan", deleted)]]),
    );
    expect(untouched.appended).toBe(0);
    expect(untouched.sheets[0]!.cells.filter((c) => c.row > 0)).toEqual([]);
  });

  it("replaces the Problems tab and blanks rows left over from a longer list", () => {
    const problemsHeader = tabSpec("problems").columns.map((c) => c.zh);
    const old = [problemsHeader, ["volunteers", "2", "", "", "", "a"], ["volunteers", "3", "", "", "", "b"]];
    const plan = planWrites(
      [
        {
          kind: "replace",
          tab: "problems",
          rows: [{ tab: "signups", code: "c", zh: "中", en: "en", severity: "error" }],
        },
      ],
      new Map([["problems", fresh("problems", old)]]),
    );
    const width = tabSpec("problems").columns.length;
    const row2 = plan.sheets[0]!.cells.filter((c) => c.row === 2);
    expect(row2).toHaveLength(width);
    expect(row2.every((c) => c.value === "")).toBe(true);
    expect(plan.sheets[0]!.cells.find((c) => c.row === 1 && c.column === 0)?.value).toBe("signups");
  });
});

describe("appending organizer rows", () => {
  it("adds only rows whose key is not already in the tab, for Google to place after the last row", () => {
    const header = ["日期", "编号", "姓名", "时段"];
    const grid = [header, ["2022-04-19", "V1", "王芳", "全天"]];
    const { read } = readTabGrid(tabSpec("signups"), grid, { title: "报名", sheetId: 3 });
    const f: FreshTab = { read, sheetId: 3, rowCount: 2, columnCount: 4, usedColumns: 4 };
    const plan = planWrites(
      [
        {
          kind: "append",
          tab: "signups",
          rows: [
            { date: "2022-04-19", volunteer_id: "V1", name: "王芳", availability: "全天" },
            { date: "2022-04-19", volunteer_id: "V2", name: "李娜", availability: "上午", check: "✓" },
            { date: "2022-04-19", volunteer_id: "V2", name: "李娜", availability: "上午" },
          ],
        },
      ],
      new Map([["signups", f]]),
    );
    expect(plan.appended).toBe(1);
    // No position from the read: appendCells lets Google put it after whatever is there by then,
    // and the grid is not resized here (appendCells grows it).
    expect(plan.sheets[0]!).toMatchObject({
      cells: [],
      addRows: 0,
      appendRows: [["2022-04-19", "V2", "李娜", "上午"]],
    });
  });
});
