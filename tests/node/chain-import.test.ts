import { describe, expect, it } from "vitest";
import { chainImportReport, planChainImport, type ExistingSignup } from "../../src/domain/chain.ts";
import { ROSTER, TODAY, TOMORROW } from "./chain-fixtures.ts";

// The whole import decided without the sheet: what is appended, what is reported, and when the
// chain is refused whole.
const plan = (
  text: string,
  existing: ExistingSignup[] = [],
  brokenRoster = [] as { rowNumber: number; id?: string; name?: string }[],
) => planChainImport({ text, today: TODAY, date: TOMORROW, roster: ROSTER, existing, brokenRoster });

describe("planChainImport", () => {
  it("writes roster IDs and names with the dropdown label and the line's comment in the note", () => {
    const p = plan("#接龙 明天\n1. 🌸张 伟 3号楼 全天 可以带推车\n2. li wei 上午");
    expect(p.rows).toEqual([
      {
        date: TOMORROW,
        volunteer_id: "V001",
        name: "张伟",
        availability: "全天 All day",
        pin: "",
        note: "接龙导入 chain import: 可以带推车",
      },
      {
        date: TOMORROW,
        volunteer_id: "V013",
        name: "Li Wei",
        availability: "上午 AM",
        pin: "",
        note: "接龙导入 chain import",
      },
    ]);
  });

  it("gives a volunteer on two lines one row, with the parts of the day combined", () => {
    const p = plan("#接龙 明天\n1. 张伟 上午\n2. 李娜 全天\n3. 张伟 下午\n4. 李娜");
    expect(p.rows.map((r) => [r.volunteer_id, r.availability])).toEqual([
      ["V001", "全天 All day"],
      ["V002", "全天 All day"],
    ]);
    const report = chainImportReport(p);
    expect(report.notes.map((n) => n.code)).toEqual(["repeated_volunteers"]);
    expect(report.totals).toEqual({ all_day: 2, am: 0, pm: 0 });
  });

  it("leaves a volunteer already in the sheet alone, and reports a different part of the day", () => {
    const p = plan("#接龙 明天\n1. 张伟 全天\n2. 李娜 上午", [
      { volunteerId: "v001", availability: "am" },
      { volunteerId: "V002", availability: null },
    ]);
    expect(p.rows).toEqual([]);
    const report = chainImportReport(p);
    expect(report).toMatchObject({ added: 0, alreadyPresent: 2 });
    expect(report.alreadyPresentRows[0]).toMatchObject({
      volunteerId: "V001",
      sheetAvailability: "上午 AM",
      differs: true,
    });
    expect(report.notes.map((n) => n.code)).toEqual(["sheet_differs"]);
  });

  it("counts rows someone else added between the read and the write as present, not added", () => {
    const p = plan("#接龙 明天\n1. 张伟 全天\n2. 李娜 上午");
    const report = chainImportReport(p, 1);
    expect(report).toMatchObject({ added: 1, alreadyPresent: 1 });
    expect(report.notes.map((n) => n.code)).toEqual(["added_meanwhile"]);
  });

  it("says when the chain names no date and when all day was assumed", () => {
    const report = chainImportReport(plan("1. 张伟\n2. 李娜 上午"));
    expect(report.notes.map((n) => n.code)).toEqual(["no_date", "availability_assumed"]);
    expect(report.notes[0]!.zh).toContain(TOMORROW);
    expect(report.summary.en).toBe(
      `${TOMORROW}: 2 added, 0 already signed up, 0 lines not matched; the chain has 1 all day, 1 AM, 0 PM.`,
    );
  });

  it("points at a roster row with an error instead of calling the volunteer unknown", () => {
    const p = plan(
      "#接龙 明天\n1. 钱多多 全天\n2. V077 全天",
      [],
      [
        { rowNumber: 40, id: "V076", name: "钱多多" },
        { rowNumber: 41, id: "V077" },
      ],
    );
    expect(p.unmatched.map((u) => u.code)).toEqual(["roster_row_error", "roster_row_error"]);
    expect(p.unmatched[0]!.zh).toContain("第 40 行");
    expect(p.unmatched[1]!.en).toContain("Row 41");
  });

  it("refuses a chain from another group: most lines match no one", () => {
    const p = plan("#接龙 明天\n1. 张伟 全天\n2. 路人甲 全天\n3. 路人乙 上午\n4. 路人丙 下午\n5. 路人丁 全天");
    expect(p.refusal?.code).toBe("foreign_chain");
    expect(p.rows).toEqual([]);
    expect(p.refusal!.zh).toContain("5 行报名里只有 1 行");
    // Half matching is a real chain with some new people: imported, the rest reported.
    const half = plan(
      "#接龙 明天\n1. 张伟 全天\n2. 李娜 全天\n3. 赵磊 上午\n4. 路人丙 下午\n5. 路人丁 全天\n6. 路人戊 全天",
    );
    expect(half.refusal).toBeNull();
    expect(half.rows).toHaveLength(3);
  });

  it("lists at most 100 ignored lines but counts them all", () => {
    const text = ["#接龙 明天", "1. 张伟 全天", ...Array.from({ length: 150 }, (_, i) => `留言${i}`)].join("\n");
    const report = chainImportReport(plan(text));
    expect(report.ignored).toHaveLength(100);
    expect(report.ignoredCount).toBe(151);
  });
});
