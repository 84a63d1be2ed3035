/**
 * Buildings tab: each building once, with a zone and a positive whole number of households; its
 * valid rows are what every other tab resolves building names through.
 */
import { describe, expect, it } from "vitest";
import { baseRecords, rowOf, validate, validateWith, type Cells } from "./validate-fixtures.ts";

function building(overrides: Cells): Cells {
  return { building: "20号楼", zone: "西区", households: "40", route_order: "2", aliases: "", ...overrides };
}

describe("a building row", () => {
  it("reads households with units and Chinese numerals, and splits aliases", () => {
    const { result, row } = validateWith("buildings", [
      building({ households: "四十户", aliases: "20栋、B20, 二十号楼" }),
    ]);
    expect(result.at("buildings", row)).toEqual([]);
    expect(result.snapshot.buildings.find((b) => b.row.rowNumber === row)).toMatchObject({
      building: "20号楼",
      zone: "西区",
      households: 40,
      routeOrder: 2,
      aliases: ["20栋", "B20", "二十号楼"],
    });
  });

  it.each(["0", "-5", "12.5", "很多", "三十几"])("households %j is households_invalid (an error)", (households) => {
    const { result, row } = validateWith("buildings", [building({ households })]);
    const [problem] = result.at("buildings", row);
    expect(problem).toMatchObject({
      code: "households_invalid",
      severity: "error",
      column: "households",
      value: households,
    });
    expect(result.snapshot.buildings.some((b) => b.building === "20号楼")).toBe(false);
  });

  it.each(["building", "zone", "households"])("a blank %s is required_missing", (column) => {
    const { result, row } = validateWith("buildings", [building({ [column]: "" })]);
    expect(result.at("buildings", row)).toMatchObject([{ code: "required_missing", column }]);
  });

  it("an unreadable route order is ignored with a warning: the building is still served", () => {
    const { result, row } = validateWith("buildings", [building({ route_order: "第二" })]);
    expect(result.at("buildings", row)).toMatchObject([{ code: "value_ignored", severity: "warning" }]);
    expect(result.snapshot.buildings.find((b) => b.row.rowNumber === row)?.routeOrder).toBeNull();
  });
});

describe("duplicates and aliases", () => {
  it("the same building on two rows is an error on both (which households is right?)", () => {
    const { result, row } = validateWith("buildings", [building({ building: "３号楼", households: "30" })]);
    for (const r of [rowOf(2), row]) expect(result.codesAt("buildings", r)).toEqual(["duplicate_building"]);
    expect(result.snapshot.buildings.map((b) => b.building)).not.toContain("3号楼");
  });

  it("an alias that names another building is a warning on the later row", () => {
    const { result, row } = validateWith("buildings", [building({ aliases: "B3" })]);
    const [problem] = result.at("buildings", row);
    expect(problem).toMatchObject({ code: "building_alias_conflict", severity: "warning", column: "aliases" });
    expect(problem!.zh).toContain("3号楼");
  });
});

describe("other tabs resolve buildings through the valid rows", () => {
  it("parcels for a building whose row has an error say so (fix that row first)", () => {
    const records = baseRecords();
    records.buildings[0]!.households = "0";
    const result = validate({ buildings: records.buildings });
    const [problem] = result.at("parcels", rowOf(0));
    expect(problem).toMatchObject({ code: "parcels_unknown_building", severity: "error" });
    expect(problem!.zh).toContain("1号楼 那一行有错误");
  });
});
