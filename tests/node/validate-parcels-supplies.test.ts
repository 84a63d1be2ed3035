/**
 * Parcels and Supplies tabs: counts that can go on a route, stock that can be counted.
 */
import { describe, expect, it } from "vitest";
import { baseRecords, rowOf, TOMORROW, validate, validateWith, type Cells } from "./validate-fixtures.ts";

function parcel(overrides: Cells): Cells {
  return {
    date: TOMORROW,
    wave: "第二波 Wave 2",
    building: "2号楼",
    count: "20",
    medicine: "1",
    cold_chain: "2",
    ...overrides,
  };
}

function supply(overrides: Cells): Cells {
  return { item: "手套", unit: "副", stock: "1100", per_volunteer: "2", reorder_level: "300", note: "", ...overrides };
}

describe("parcels", () => {
  it.each([
    ["3栋", "3号楼"],
    ["B3", "3号楼"],
    ["三号楼", "3号楼"],
    ["12-301", "12号楼"],
  ])("a building written %j lands on %s", (typed, name) => {
    const { result, row } = validateWith("parcels", [parcel({ building: typed, wave: "2", date: "4月20日" })]);
    expect(result.at("parcels", row)).toEqual([]);
    expect(result.snapshot.parcels.find((p) => p.row.rowNumber === row)).toMatchObject({ building: name, wave: 2 });
  });

  it("parcels for an unknown building are an error telling how to fix it", () => {
    const { result, row } = validateWith("parcels", [parcel({ building: "88号楼" })]);
    const [problem] = result.at("parcels", row);
    expect(problem).toMatchObject({ code: "parcels_unknown_building", severity: "error", value: "88号楼" });
    expect(problem!.zh).toContain("别名");
  });

  it.each(["count", "medicine", "cold_chain"])("a negative %s is an error", (column) => {
    const { result, row } = validateWith("parcels", [parcel({ [column]: "-3" })]);
    expect(result.at("parcels", row)).toMatchObject([{ code: "parcels_negative", severity: "error", column }]);
  });

  it("blank medicine and cold chain count as 0", () => {
    const { result, row } = validateWith("parcels", [parcel({ medicine: "", cold_chain: "" })]);
    expect(result.snapshot.parcels.find((p) => p.row.rowNumber === row)).toMatchObject({ medicine: 0, coldChain: 0 });
  });

  it("medicine + cold chain over the count is a warning; the row is used as typed", () => {
    const { result, row } = validateWith("parcels", [parcel({ count: "5", medicine: "3", cold_chain: "4" })]);
    expect(result.at("parcels", row)).toMatchObject([{ code: "parcels_priority_exceeds_count", severity: "warning" }]);
    expect(result.snapshot.parcels.find((p) => p.row.rowNumber === row)?.count).toBe(5);
  });

  it("a second row for the same date, wave and building is added up, with a warning", () => {
    const { result, row } = validateWith("parcels", [parcel({}), parcel({ building: "2栋", count: "4" })]);
    expect(result.at("parcels", row + 1)).toMatchObject([{ code: "parcels_duplicate", severity: "warning" }]);
    expect(result.snapshot.parcels.filter((p) => p.building === "2号楼").map((p) => p.count)).toEqual([20, 4]);
  });
});

describe("supplies", () => {
  it("reads stock with units and decimals per volunteer", () => {
    const { result, row } = validateWith("supplies", [supply({ stock: "1,100副", per_volunteer: "0.5" })]);
    expect(result.at("supplies", row)).toEqual([]);
    expect(result.snapshot.supplies.find((s) => s.row.rowNumber === row)).toMatchObject({
      stock: 1100,
      perVolunteer: 0.5,
    });
  });

  it("negative stock is an error", () => {
    const { result, row } = validateWith("supplies", [supply({ stock: "-20" })]);
    const [problem] = result.at("supplies", row);
    expect(problem).toMatchObject({ code: "stock_negative", severity: "error", column: "stock", value: "-20" });
    expect(problem!.zh).toContain("-20");
  });

  it("stock under the reorder level is a warning (the tab promises a reminder)", () => {
    const { result, row } = validateWith("supplies", [supply({ stock: "120" })]);
    expect(result.at("supplies", row)).toMatchObject([{ code: "stock_below_reorder", severity: "warning" }]);
  });

  it("the same item twice is an error on both rows", () => {
    const { result, row } = validateWith("supplies", [supply({ item: "防护服" })]);
    expect(result.codesAt("supplies", 2)).toEqual(["duplicate_supply_item"]);
    expect(result.codesAt("supplies", row)).toEqual(["duplicate_supply_item"]);
  });
});

describe("spellings two buildings share", () => {
  it("parcels for an ambiguous building are an error listing both", () => {
    const records = baseRecords();
    records.buildings.push({ building: "20号楼", zone: "西区", households: "40", aliases: "B3" });
    const result = validate({
      buildings: records.buildings,
      parcels: [...records.parcels, parcel({ building: "B3" })],
    });
    const [problem] = result.at("parcels", rowOf(records.parcels.length));
    expect(problem).toMatchObject({ code: "parcels_ambiguous_building", severity: "error" });
    expect(problem!.zh).toContain("3号楼、20号楼");
  });
});

describe("supplies, continued", () => {
  it("a negative use per volunteer is value_negative; a negative reorder level is only ignored", () => {
    const { result, row } = validateWith("supplies", [
      supply({ per_volunteer: "-1" }),
      supply({ item: "鞋套", reorder_level: "-10" }),
    ]);
    expect(result.at("supplies", row)).toMatchObject([{ code: "value_negative", severity: "error" }]);
    expect(result.at("supplies", row + 1)).toMatchObject([{ code: "value_ignored", severity: "warning" }]);
    expect(result.snapshot.supplies.find((s) => s.item === "鞋套")?.reorderLevel).toBeNull();
  });
});
