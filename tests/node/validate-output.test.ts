/**
 * The validator's output is what the sync writes back: a Check cell for every row key, a Problems
 * tab row for every problem, and a snapshot that survives a JSON round trip. These tests pin that
 * contract so the write-back and route code can rely on it.
 */
import { describe, expect, it } from "vitest";
import { organizerTabKeys, snapshotSchema, supplyItemSchema } from "../../src/domain/model.ts";
import { bilingual } from "../../src/domain/problem.ts";
import {
  CHECK_OK,
  checkText,
  problemCodes,
  rowStatusKey,
  validateWorkbook,
  type ProblemCode,
} from "../../src/domain/validate.ts";
import { accept, startRow } from "../../src/domain/validate/row.ts";
import { baseRecords, rowOf, toRows, TODAY, validate, validateWith, type Cells } from "./validate-fixtures.ts";

const wang = baseRecords().volunteers[0]!;

function volunteer(overrides: Cells): Cells {
  return { ...wang, volunteer_id: "V101", name: "周晓燕", phone: "13700001234", ...overrides };
}

/** A workbook with at least one problem in every tab. */
function messy() {
  const r = baseRecords();
  r.volunteers.push(volunteer({ phone: "13800138000", age: "55" }), volunteer({ volunteer_id: "V102", phone: "" }));
  r.signups.push({ date: "2022-04-19", name: "张敏", availability: "全天" });
  r.buildings.push({ building: "20号楼", zone: "西区", households: "0" });
  r.workflow.push({ step: "R9", task: "收垃圾", scope: "包干路线", start: "08:30", end: "09:30" });
  r.parcels.push({ date: "2022-04-19", wave: "1", building: "88号楼", count: "5" });
  r.supplies.push({ item: "鞋套", stock: "-1", per_volunteer: "1" });
  return validate(r);
}

describe("the Check column", () => {
  it("has a cell for every row key of every tab: ✓ or the most serious problem in both languages", () => {
    const result = messy();
    for (const tab of organizerTabKeys) {
      const rows = toRows(tab, baseRecords()[tab]);
      for (const row of rows) expect(result.check[tab].has(row.key)).toBe(true);
    }
    expect(result.check.buildings.get(toRows("buildings", baseRecords().buildings)[0]!.key)).toBe(CHECK_OK);
  });

  it("shows errors before warnings", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ phone: "13800138000", age: "55" })]);
    const problems = result.at("volunteers", row);
    // The duplicate phone is found after the age, and is only a warning.
    expect(problems.map((p) => p.code)).toEqual(["age_over_limit", "duplicate_phone"]);
    const key = toRows("volunteers", [volunteer({ phone: "13800138000", age: "55" })])[0]!.key;
    expect(result.check.volunteers.get(key)).toBe(bilingual(problems[0]!));
    expect(checkText([...problems].reverse())).toBe(bilingual(problems[0]!));
  });

  it("rows sharing a key (an ID typed twice) share one cell holding both rows' problems", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ volunteer_id: "V001" })]);
    const key = toRows("volunteers", [wang])[0]!.key;
    const status = result.rowStatus.get(rowStatusKey("volunteers", key))!;
    expect(status.map((p) => p.row)).toEqual([rowOf(0), row]);
    expect(result.check.volunteers.get(key)).toContain("重复");
  });
});

describe("the Problems tab", () => {
  it("every problem names its tab, row, row ID, column, the value as typed, a code, zh, en and severity", () => {
    const result = messy();
    expect(result.problems.length).toBeGreaterThanOrEqual(8);
    for (const p of result.problems) {
      expect(organizerTabKeys).toContain(p.tab);
      expect(Number.isInteger(p.row)).toBe(true);
      expect(p.code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(p.zh).toMatch(/\p{Script=Han}/u);
      expect(p.en).toMatch(/^[\x20-\x7e\u2013\u2014\u2026“”‘’\p{Script=Han}]+$/u);
      expect(p.severity === "error" || p.severity === "warning").toBe(true);
      if (p.column !== undefined) expect(typeof p.value).toBe("string");
    }
  });

  it("row IDs come from the tab's ID columns, or the name of a sign-up typed without an ID", () => {
    const result = messy();
    expect(result.problems.find((p) => p.tab === "signups")?.id).toBe("2022-04-19 / 张敏");
    expect(result.problems.find((p) => p.tab === "buildings")?.id).toBe("20号楼");
    expect(result.problems.find((p) => p.tab === "parcels")?.id).toBe("2022-04-19 / 1 / 88号楼");
  });

  it("is ordered by tab, then row, errors first within a row", () => {
    const result = messy();
    const order = result.problems.map((p) => [organizerTabKeys.indexOf(p.tab as never), p.row!] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(order).toEqual(sorted);
  });

  it("every code is registered with the severity it is reported with", () => {
    const result = messy();
    for (const p of result.problems) {
      expect(problemCodes[p.code as ProblemCode]?.severity, p.code).toBe(p.severity);
    }
  });

  it("messages name the value and say what to do", () => {
    const result = messy();
    const households = result.problems.find((p) => p.code === "households_invalid")!;
    expect(households.zh).toContain("户数");
    expect(households.zh).toMatch(/请/);
    const parcels = result.problems.find((p) => p.code === "parcels_unknown_building")!;
    expect(parcels.zh).toContain("88号楼");
    expect(parcels.en).toContain("88号楼");
  });
});

describe("the snapshot", () => {
  it("holds only rows without errors and lists the rest as excluded", () => {
    const result = messy();
    const errorRows = new Set(result.problems.filter((p) => p.severity === "error").map((p) => `${p.tab}:${p.row}`));
    expect(new Set(result.snapshot.excluded.map((r) => `${r.tab}:${r.rowNumber}`))).toEqual(errorRows);
    const used = [
      ...result.snapshot.volunteers,
      ...result.snapshot.signups,
      ...result.snapshot.buildings,
      ...result.snapshot.workflow,
      ...result.snapshot.parcels,
      ...result.snapshot.supplies,
    ].map((e) => `${e.row.tab}:${e.row.rowNumber}`);
    for (const ref of used) expect(errorRows.has(ref)).toBe(false);
  });

  it("is JSON: it survives a round trip through JSON and its schema unchanged", () => {
    const { snapshot } = messy();
    const again = snapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)));
    expect(again).toEqual(snapshot);
  });

  it("records the today and age limit it was judged by", () => {
    const { snapshot } = validate({}, { ageLimit: 55 });
    expect(snapshot).toMatchObject({ today: TODAY, ageLimit: 55 });
  });

  it("a malformed today or age limit is the caller's bug and throws", () => {
    expect(() => validateWorkbook({ tabs: {}, today: "2022-4-18" })).toThrow(RangeError);
    expect(() => validateWorkbook({ tabs: {}, today: TODAY, ageLimit: 0 })).toThrow(RangeError);
  });
});

describe("summary", () => {
  it("counts rows, excluded rows, errors and warnings per tab", () => {
    const result = messy();
    expect(result.summary.supplies).toEqual({ rows: 4, excluded: 1, errors: 1, warnings: 0 });
    expect(result.summary.volunteers).toMatchObject({ rows: 8, excluded: 2 });
  });
});

describe("the internal guard", () => {
  it("a record the model rejects (a reader bug) becomes schema_mismatch on its row, not a bad snapshot", () => {
    const row = startRow("supplies", toRows("supplies", [{ item: "口罩", stock: "10", per_volunteer: "1" }])[0]!);
    const bad = { row: row.ref, item: "口罩", unit: "", stock: -1, perVolunteer: 1, reorderLevel: null, note: "" };
    expect(accept(row, supplyItemSchema, bad)).toBeUndefined();
    expect(row.problems).toMatchObject([{ code: "schema_mismatch", severity: "error", tab: "supplies", row: 2 }]);
  });
});
