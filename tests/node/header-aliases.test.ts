import { describe, expect, it } from "vitest";
import { foldHeader, mapHeaders, matchColumn, titleMatchesTab } from "../../src/sheets/headers.ts";
import { headerText, manifest, tabSpec } from "../../src/sheets/manifest.ts";

const volunteers = tabSpec("volunteers");

describe("header aliases", () => {
  it("reads Chinese, English, bilingual, full-width and starred headers as the same column", () => {
    for (const cell of [
      "手机",
      "Phone",
      "手机 Phone",
      "手机号码",
      "联系电话",
      "ＰＨＯＮＥ",
      "手机*",
      "手机（必填）",
      " phone ",
    ]) {
      expect(matchColumn(cell, volunteers)?.key, cell).toBe("phone");
    }
  });

  it("does not guess: an unknown header matches nothing", () => {
    expect(matchColumn("微信号", volunteers)).toBeUndefined();
    expect(matchColumn("", volunteers)).toBeUndefined();
  });

  it("gives every column of a tab forms no other column of that tab shares", () => {
    // An alias shared by two columns would silently read the wrong column.
    for (const tab of manifest.tabs) {
      const seen = new Map<string, string>();
      for (const column of tab.columns) {
        for (const form of [column.zh, column.en, headerText(column), ...column.aliases].map(foldHeader)) {
          const owner = seen.get(form);
          expect(
            owner === undefined || owner === column.key,
            `${tab.key}: "${form}" in ${owner} and ${column.key}`,
          ).toBe(true);
          seen.set(form, column.key);
        }
      }
    }
  });

  it("maps columns in any order and ignores extra columns", () => {
    const grid = [["Phone", "微信号", "年龄", "Name", "编号"]];
    const map = mapHeaders(volunteers, grid);
    expect(map.problems).toEqual([]);
    expect(map.columns).toMatchObject({ phone: 0, age: 2, name: 3, volunteer_id: 4 });
    expect(map.columns.home_building).toBeUndefined();
  });

  it("finds the header below a title line", () => {
    const grid = [["三号小区志愿者名单"], [], ["编号", "姓名", "手机", "年龄"], ["V1", "王芳", "13800000000", "30"]];
    expect(mapHeaders(volunteers, grid).headerRow).toBe(3);
  });

  it("names a missing required header in Chinese and English", () => {
    const map = mapHeaders(volunteers, [["编号", "姓名", "年龄"]]);
    expect(map.problems).toHaveLength(1);
    expect(map.problems[0]).toMatchObject({ code: "header_missing", column: "phone", severity: "error" });
    expect(map.problems[0]!.zh).toContain("手机 Phone");
    expect(map.problems[0]!.en).toContain('has no "手机 Phone" column');
  });

  it("refuses two columns claiming one key instead of picking one", () => {
    const map = mapHeaders(volunteers, [["编号", "姓名", "手机", "电话", "年龄"]]);
    expect(map.problems.map((p) => p.code)).toEqual(["header_duplicate"]);
    expect(map.problems[0]!.en).toContain("columns C and D");
  });

  it("matches tab titles by either language or alias", () => {
    for (const title of ["志愿者 Volunteers", "志愿者", "volunteers", "花名册", "Ｖｏｌｕｎｔｅｅｒｓ"]) {
      expect(titleMatchesTab(title, volunteers), title).toBe(true);
    }
    expect(titleMatchesTab("报名", volunteers)).toBe(false);
  });
});
