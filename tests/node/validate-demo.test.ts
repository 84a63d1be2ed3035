/**
 * The demo compound is what `npm start` seeds the local sheet with: on the evening before its day
 * it must validate without a single error, or every new user's first sync would show red rows.
 */
import { describe, expect, it } from "vitest";
import { demoFigures } from "../../src/emulator/demo-compound.ts";
import { validateWorkbook } from "../../src/domain/validate.ts";
import { demoTabs } from "./validate-fixtures.ts";

describe("the demo compound on the evening of 2022-04-18", () => {
  const result = validateWorkbook({ tabs: demoTabs(), today: "2022-04-18" });

  it("has no errors (and no warnings either)", () => {
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it("uses every row: the whole roster, every sign-up, building, step, parcel count and supply", () => {
    const { snapshot } = result;
    expect(snapshot.excluded).toEqual([]);
    expect(snapshot.volunteers).toHaveLength(demoFigures.volunteers);
    expect(snapshot.volunteers.filter((v) => !v.active)).toHaveLength(demoFigures.inactive);
    expect(snapshot.signups).toHaveLength(demoFigures.signups);
    expect(snapshot.buildings).toHaveLength(demoFigures.buildings);
    expect(snapshot.buildings.reduce((sum, b) => sum + b.households, 0)).toBe(demoFigures.households);
    expect(snapshot.workflow).toHaveLength(10);
    expect(snapshot.parcels).toHaveLength(demoFigures.buildings * 2);
    expect(snapshot.supplies).toHaveLength(5);
  });

  it("keeps the demo's pins (a gate volunteer on P1, a trainer on P4)", () => {
    expect(result.snapshot.signups.flatMap((s) => (s.pin ? [s.pin] : [])).sort()).toEqual(["P1", "P4"]);
  });

  it("every Check cell is ✓", () => {
    for (const column of Object.values(result.check)) {
      for (const text of column.values()) expect(text).toBe("✓");
    }
  });

  it("a 10x roster (a small town) validates cleanly too", () => {
    const town = validateWorkbook({ tabs: demoTabs(10), today: "2022-04-18" });
    expect(town.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(town.snapshot.volunteers).toHaveLength(demoFigures.volunteers * 10);
  });
});
