/**
 * Anything a person can type into a cell — blank, 5,000 characters, emoji, a formula, a number
 * where text belongs — and what Sheets shows for merged and hidden rows yields a problem or a
 * value, never a crash, and never costs the good rows beside it.
 */
import { describe, expect, it } from "vitest";
import { validateWorkbook, VALUE_LIMIT } from "../../src/domain/validate.ts";
import {
  baseRecords,
  rowOf,
  toRows,
  TODAY,
  TOMORROW,
  validate,
  validateWith,
  type Cells,
} from "./validate-fixtures.ts";

const wang = baseRecords().volunteers[0]!;

function volunteer(overrides: Cells): Cells {
  return { ...wang, volunteer_id: "V101", name: "周晓燕", phone: "13700001234", ...overrides };
}

describe("long pastes", () => {
  it("a 5,000-character name is text_too_long, quoted in the Problems tab cut to 500 characters", () => {
    const pasted = "周晓燕".repeat(1667).slice(0, 5000);
    const { result, row } = validateWith("volunteers", [volunteer({ name: pasted })]);
    const [problem] = result.at("volunteers", row);
    expect(problem).toMatchObject({ code: "text_too_long", severity: "error", column: "name" });
    expect(problem!.value!.length).toBeLessThanOrEqual(VALUE_LIMIT);
    expect(problem!.value!.endsWith("…")).toBe(true);
    expect(pasted.startsWith(problem!.value!.slice(0, -1))).toBe(true);
  });

  it("a cut never splits an emoji into half a surrogate pair", () => {
    const pasted = "🌸".repeat(2500);
    const { result, row } = validateWith("volunteers", [volunteer({ phone: pasted })]);
    const value = result.at("volunteers", row)[0]!.value!;
    expect(value.length).toBeLessThanOrEqual(VALUE_LIMIT);
    expect(value.endsWith("🌸…")).toBe(true);
  });

  it("a 5,000-character note is just a long note", () => {
    const note = "可以多跑一栋。".repeat(715);
    const { result, row } = validateWith("volunteers", [volunteer({ note })]);
    expect(result.at("volunteers", row)).toEqual([]);
    expect(result.snapshot.volunteers.find((v) => v.row.rowNumber === row)?.note).toBe(note);
  });
});

describe("formulas and what Sheets shows for them", () => {
  it("a formula typed as text in a name is kept as text, with a looks_like_formula warning", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ name: "=1+1" })]);
    expect(result.at("volunteers", row)).toMatchObject([
      { code: "looks_like_formula", severity: "warning", value: "=1+1" },
    ]);
  });

  it("=IMPORTXML(...) where a phone or an age belongs is simply not a phone or an age", () => {
    const formula = '=IMPORTXML("http://example.com","//a")';
    const { result, row } = validateWith("volunteers", [volunteer({ phone: formula, age: formula })]);
    expect(result.codesAt("volunteers", row)).toEqual(["phone_invalid", "age_invalid"]);
    expect(result.at("volunteers", row)[0]!.value).toBe(formula);
  });

  it.each(["#REF!", "#N/A", "#VALUE!", "Loading..."])("a cell showing %s is formula_error", (shown) => {
    const { result, row } = validateWith("buildings", [
      { building: "20号楼", zone: "西区", households: shown, route_order: "", aliases: "" },
    ]);
    const [problem] = result.at("buildings", row);
    expect(problem).toMatchObject({ code: "formula_error", severity: "error", column: "households", value: shown });
    expect(problem!.zh).toContain("公式");
  });

  it("a formula error in an optional cell only costs that cell", () => {
    const { result, row } = validateWith("buildings", [
      { building: "20号楼", zone: "西区", households: "40", route_order: "#REF!", aliases: "" },
    ]);
    expect(result.at("buildings", row)).toMatchObject([{ code: "value_ignored", severity: "warning" }]);
    expect(result.snapshot.buildings.some((b) => b.building === "20号楼")).toBe(true);
  });
});

describe("emoji, numbers where text belongs, invisible characters", () => {
  it("emoji around a name are decoration; emoji in a phone are not a phone", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ name: "🌸周晓燕🌸", phone: "📱13700001234" })]);
    expect(result.codesAt("volunteers", row)).toEqual(["phone_invalid"]);
  });

  it("a number in a text column is text: zone 3 is a zone called 3", () => {
    const { result, row } = validateWith("buildings", [
      { building: "20号楼", zone: "3", households: "40", route_order: "", aliases: "" },
    ]);
    expect(result.at("buildings", row)).toEqual([]);
    expect(result.snapshot.buildings.find((b) => b.row.rowNumber === row)?.zone).toBe("3");
  });

  it("a cell of zero-width spaces is blank", () => {
    const { result, row } = validateWith("volunteers", [volunteer({ phone: "\u200B\uFEFF " })]);
    expect(result.at("volunteers", row)).toMatchObject([{ code: "required_missing", column: "phone" }]);
  });

  it("cells given as numbers (a JSON fixture, not the gateway) are read as their text", () => {
    const rows = toRows("buildings", [{ building: "20号楼", zone: "西区", households: "40" }]);
    (rows[0]!.cells as Record<string, unknown>)["households"] = 40;
    delete (rows[0]!.cells as Record<string, unknown>)["aliases"];
    const result = validateWorkbook({ tabs: { buildings: { rows } }, today: TODAY });
    expect(result.problems).toEqual([]);
    expect(result.snapshot.buildings[0]?.households).toBe(40);
  });
});

describe("merged and hidden rows", () => {
  it("a merged date cell reads as the date on its first row and blank below: the blank rows say so", () => {
    // Sheets returns a merged range's value in its top-left cell only.
    const { result, row } = validateWith("signups", [
      { date: TOMORROW, volunteer_id: "V006", availability: "全天" },
      { date: "", volunteer_id: "V004", availability: "全天" },
    ]);
    expect(result.at("signups", row)).toEqual([]);
    const [problem] = result.at("signups", row + 1);
    expect(problem).toMatchObject({ code: "required_missing", column: "date", value: "" });
    // The message says how to fill it, so unmerging and copying the date down is the obvious fix.
    expect(problem!.zh).toContain("例如 2022-04-19");
  });

  it("rows hidden or skipped by the gateway keep their own row numbers in every problem", () => {
    const rows = toRows("supplies", [
      { item: "防护服", stock: "420", per_volunteer: "1" },
      { item: "口罩", stock: "-5", per_volunteer: "2" },
    ]);
    rows[1]!.rowNumber = 40;
    const result = validateWorkbook({ tabs: { supplies: { rows } }, today: TODAY });
    expect(result.problems).toMatchObject([{ tab: "supplies", row: 40, id: "口罩", code: "stock_negative" }]);
  });

  it("a tab the gateway could not find has no rows, and nothing refers into it", () => {
    const rows = toRows("supplies", baseRecords().supplies);
    const result = validateWorkbook({ tabs: { supplies: { rows } }, today: TODAY });
    expect(result.problems).toEqual([]);
    expect(result.snapshot.supplies).toHaveLength(3);
    expect(result.snapshot.volunteers).toEqual([]);
  });
});

describe("bad rows never cost good ones", () => {
  it("every good row's entity is the same with a bad row typed between them", () => {
    const clean = validate();
    const records = baseRecords();
    records.volunteers.splice(2, 0, volunteer({ volunteer_id: "V777", phone: "#REF!", age: "=A1", name: "🌸" }));
    const noisy = validate({ volunteers: records.volunteers });
    const strip = (v: { row: { key: string } }) => ({ ...v, row: v.row.key });
    expect(noisy.snapshot.volunteers.map(strip)).toEqual(clean.snapshot.volunteers.map(strip));
    expect(noisy.snapshot.signups.map((s) => s.volunteerId)).toEqual(clean.snapshot.signups.map((s) => s.volunteerId));
    expect(noisy.snapshot.excluded).toEqual([expect.objectContaining({ tab: "volunteers", rowNumber: rowOf(2) })]);
  });
});
