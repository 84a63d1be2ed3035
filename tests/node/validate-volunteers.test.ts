/**
 * Volunteers tab: who may be planned at all. Each rule is shown on a realistic roster row with the
 * code, the severity (error = left out of planning) and a message that names the value.
 */
import { describe, expect, it } from "vitest";
import { baseRecords, rowOf, validate, validateWith, type Cells } from "./validate-fixtures.ts";

const wang = baseRecords().volunteers[0]!;

function volunteer(overrides: Cells): Cells {
  return { ...wang, volunteer_id: "V101", name: "周晓燕", phone: "13700001234", ...overrides };
}

describe("a clean roster row becomes a normalized volunteer", () => {
  it("reads dropdown labels, spaced phones and full-width digits into planning values", () => {
    const { result, row } = validateWith("volunteers", [
      volunteer({
        volunteer_id: "Ｖ101",
        name: "🌸周 晓燕~",
        phone: "+86 137-0000-1234",
        age: "４５岁",
        home_building: "三号楼",
        roles: "队长、Gate crew",
        active: "",
      }),
    ]);
    expect(result.at("volunteers", row)).toEqual([]);
    const v = result.snapshot.volunteers.find((x) => x.row.rowNumber === row);
    expect(v).toMatchObject({
      id: "V101",
      name: "周晓燕",
      phone: "13700001234",
      age: 45,
      homeBuilding: "3号楼",
      roles: ["captain", "gate"],
      // A blank Active cell means active: rosters list people to use.
      active: true,
    });
  });

  it("keeps the organizer's text untouched in the problem value while the snapshot holds the normalized one", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ phone: "138 0013 8000" })]);
    // Same number as V001 once normalized: the warning quotes the cell exactly as typed.
    expect(result.at("volunteers", row)).toMatchObject([{ code: "duplicate_phone", value: "138 0013 8000" }]);
  });
});

describe("required fields", () => {
  it.each([
    ["volunteer_id", "required_missing"],
    ["name", "required_missing"],
    ["phone", "required_missing"],
    ["age", "age_missing"],
  ])("a blank %s is %s, an error that leaves the row out", (column, code) => {
    const { result, row } = validateWith("volunteers", [volunteer({ [column]: "" })]);
    const problems = result.at("volunteers", row);
    expect(problems).toMatchObject([{ code, severity: "error", column }]);
    expect(problems[0]!.zh).toMatch(/必填/);
    expect(result.snapshot.volunteers.some((v) => v.row.rowNumber === row)).toBe(false);
    expect(result.snapshot.excluded).toContainEqual(expect.objectContaining({ tab: "volunteers", rowNumber: row }));
  });

  it("a name of emoji only is unreadable, not a name", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ name: "🌸🌸" })]);
    expect(result.at("volunteers", row)).toMatchObject([{ code: "value_invalid", column: "name", severity: "error" }]);
  });
});

describe("Chinese mobile numbers", () => {
  it.each([
    ["1380013800", /11位/],
    ["021-12345678", /手机号以13–19开头/],
    ["138OO138000", /只能写数字/],
    ["+1 415 555 0100", /\+86/],
  ])("%j is phone_invalid with the normalizer's advice", (phone, advice) => {
    const { result, row } = validateWith("volunteers", [volunteer({ phone })]);
    const [problem] = result.at("volunteers", row);
    expect(problem).toMatchObject({ code: "phone_invalid", severity: "error", column: "phone", value: phone });
    expect(problem!.zh).toMatch(advice);
    expect(problem!.zh).toContain(`手机“${phone}”`);
  });

  it("the same phone on a second volunteer is a warning on the second row, naming the first", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ phone: "13800138000" })]);
    const [problem] = result.at("volunteers", row);
    expect(problem).toMatchObject({ code: "duplicate_phone", severity: "warning" });
    expect(problem!.zh).toContain("V001 王芳");
    expect(result.at("volunteers", rowOf(0))).toEqual([]);
    // A warning keeps the row: a shared family phone is possible.
    expect(result.snapshot.volunteers.some((v) => v.id === "V101")).toBe(true);
  });
});

describe("age present and under the community's limit", () => {
  it("49 is allowed, 50 is not (the compound's rule is under 50)", () => {
    const { result, row } = validateWith("volunteers", [
      volunteer({ volunteer_id: "V101", age: "49" }),
      volunteer({ volunteer_id: "V102", phone: "13700004321", age: "50" }),
    ]);
    expect(result.at("volunteers", row)).toEqual([]);
    const [problem] = result.at("volunteers", row + 1);
    expect(problem).toMatchObject({ code: "age_over_limit", severity: "error", column: "age", value: "50" });
    expect(problem!.zh).toContain("50 岁以下");
    expect(problem!.zh).toContain("“在册”改为“否”");
  });

  it("the limit is configurable per community", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ age: "52" })], { ageLimit: 60 });
    expect(result.at("volunteers", row)).toEqual([]);
    const strict = validateWith("volunteers", [volunteer({ age: "45" })], { ageLimit: 45 });
    expect(strict.result.codesAt("volunteers", strict.row)).toEqual(["age_over_limit"]);
  });

  it("an inactive volunteer over the limit may stay on the roster (they are never planned anyway)", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ age: "58", active: "否 No" })]);
    expect(result.at("volunteers", row)).toEqual([]);
  });

  it.each(["四十", "40岁", "４０"])("Chinese and full-width ages such as %j are read", (age) => {
    const { result, row } = validateWith("volunteers", [volunteer({ age })]);
    expect(result.snapshot.volunteers.find((v) => v.row.rowNumber === row)?.age).toBe(40);
  });

  it.each(["三十多", "35.5", "0", "-3"])("%j is age_invalid", (age) => {
    const { result, row } = validateWith("volunteers", [volunteer({ age })]);
    expect(result.codesAt("volunteers", row)).toEqual(["age_invalid"]);
  });
});

describe("duplicate volunteer IDs", () => {
  it("both rows are errors: which person keeps the ID is the organizer's call", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ volunteer_id: "v001" })]);
    for (const r of [rowOf(0), row]) {
      const [problem] = result.at("volunteers", r);
      expect(problem).toMatchObject({ code: "duplicate_volunteer_id", severity: "error" });
      expect(problem!.zh).toContain(`第 2、${row} 行`);
    }
    expect(result.snapshot.volunteers.map((v) => v.id)).not.toContain("V001");
  });
});

describe("optional columns never cost a volunteer", () => {
  it("an unknown home building is a warning and the volunteer is planned without it", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ home_building: "99号楼" })]);
    const [problem] = result.at("volunteers", row);
    expect(problem).toMatchObject({ code: "building_unknown", severity: "warning", value: "99号楼" });
    expect(problem!.zh).toContain("99号楼");
    expect(result.snapshot.volunteers.find((v) => v.row.rowNumber === row)?.homeBuilding).toBeNull();
  });

  it("an unknown role word is ignored with a warning; the known roles stay", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ roles: "队长、司机" })]);
    expect(result.at("volunteers", row)).toMatchObject([
      { code: "value_ignored", severity: "warning", column: "roles" },
    ]);
    expect(result.at("volunteers", row)[0]!.zh).toContain("司机");
    expect(result.snapshot.volunteers.find((v) => v.row.rowNumber === row)?.roles).toEqual(["captain"]);
  });

  it("an unreadable Active cell is an error: it may be marking someone in quarantine", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ active: "隔离" })]);
    expect(result.at("volunteers", row)).toMatchObject([
      { code: "value_invalid", column: "active", severity: "error" },
    ]);
  });
});

describe("home buildings two buildings could be", () => {
  it("are a warning and the volunteer is planned without a home", () => {
    const records = baseRecords();
    records.buildings.push({ building: "20号楼", zone: "西区", households: "40", aliases: "B3" });
    const result = validate({
      buildings: records.buildings,
      volunteers: [...records.volunteers, volunteer({ home_building: "B3" })],
    });
    const row = rowOf(records.volunteers.length);
    expect(result.at("volunteers", row)).toMatchObject([{ code: "building_ambiguous", severity: "warning" }]);
    expect(result.snapshot.volunteers.find((v) => v.row.rowNumber === row)?.homeBuilding).toBeNull();
  });
});
