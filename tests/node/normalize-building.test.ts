import { describe, expect, it } from "vitest";
import { buildBuildingIndex, buildingKey } from "../../src/domain/normalize.ts";

describe("buildingKey finds the building number in what residents write", () => {
  it.each([
    "3",
    "3号楼",
    "3栋",
    "3幢",
    "3座",
    "3#",
    "3#楼",
    "3号",
    "B3",
    "b3",
    "3号樓",
    "3棟",
    "三号楼",
    "三栋",
    "第3栋",
    "03号楼",
    "３号楼",
    " 3 号 楼 ",
  ])("%j is building 3", (input) => {
    expect(buildingKey(input)).toEqual({ ok: true, value: "3" });
  });

  it.each(["12-301", "12栋301", "12号楼301室", "12号楼2单元301", "12-2-301", "十二号楼", "12号楼-301"])(
    "%j is building 12: the room number is not part of the building",
    (input) => {
      expect(buildingKey(input)).toEqual({ ok: true, value: "12" });
    },
  );

  it("reads Chinese numerals up to 九十九", () => {
    expect(buildingKey("二十三号楼")).toEqual({ ok: true, value: "23" });
    expect(buildingKey("九十九栋")).toEqual({ ok: true, value: "99" });
  });

  it("keys a lettered building with no number by its letter", () => {
    expect(buildingKey("A座")).toEqual({ ok: true, value: "a" });
  });

  it("refuses a unit, which is part of a building and not one", () => {
    expect(buildingKey("3单元")).toMatchObject({ ok: false, reason: "unit" });
    expect(buildingKey("三单元301")).toMatchObject({ ok: false, reason: "unit" });
  });

  it.each(["12301", "东门", "3号楼东", "abc", "1000号楼"])("%j is not read as a building", (input) => {
    expect(buildingKey(input)).toMatchObject({ ok: false, reason: "unrecognized" });
  });
});

describe("buildBuildingIndex resolves any spelling to the Buildings tab's name", () => {
  const resolve = buildBuildingIndex([
    { building: "1号楼" },
    { building: "3号楼" },
    { building: "9号楼", aliases: "9栋,B9" },
    { building: "12号楼" },
    { building: "15号楼", aliases: "15栋、B15，东边那栋" },
    { building: "A3" },
    { building: "C3" },
    { building: "会所", aliases: "Clubhouse" },
  ]);

  it.each([
    ["3号楼", "3号楼"],
    ["三号楼", "3号楼"],
    ["3栋", "3号楼"],
    ["3", "3号楼"],
    ["12-301", "12号楼"],
    ["12栋301", "12号楼"],
    ["12号楼301室", "12号楼"],
    ["B9", "9号楼"],
    ["b9", "9号楼"],
    ["9栋", "9号楼"],
    ["东边那栋", "15号楼"],
    ["B15", "15号楼"],
    ["A3", "A3"],
    ["a3", "A3"],
    ["c3号楼", "C3"],
    ["会所", "会所"],
    ["clubhouse", "会所"],
  ])("%j -> %s", (input, expected) => {
    expect(resolve(input)).toEqual({ ok: true, building: expected });
  });

  it("returns the name exactly as the Buildings tab writes it", () => {
    const spaced = buildBuildingIndex([{ building: "7 号楼" }]);
    expect(spaced("7号楼")).toEqual({ ok: true, building: "7 号楼" });
  });

  it("reports an unknown building with a hint", () => {
    const result = resolve("99号楼");
    expect(result).toMatchObject({ ok: false, reason: "unknown", candidates: [] });
    if (!result.ok) expect(result.zh).toContain("99号楼");
    expect(resolve("3单元")).toMatchObject({ ok: false, reason: "unknown" });
    expect(resolve("")).toMatchObject({ ok: false, reason: "unknown" });
  });

  it("reports a number two lettered buildings share as ambiguous, listing both", () => {
    const lettered = buildBuildingIndex([{ building: "A3" }, { building: "C3" }]);
    expect(lettered("3号楼")).toEqual(
      expect.objectContaining({ ok: false, reason: "ambiguous", candidates: ["A3", "C3"] }),
    );
  });

  it("reports an alias given to two buildings as ambiguous", () => {
    const clash = buildBuildingIndex([
      { building: "5号楼", aliases: "高楼" },
      { building: "6号楼", aliases: "高楼" },
    ]);
    expect(clash("高楼")).toMatchObject({ ok: false, reason: "ambiguous", candidates: ["5号楼", "6号楼"] });
  });

  it("resolves a lettered alias by the number alone when no building has that letter", () => {
    const plain = buildBuildingIndex([{ building: "3号楼" }, { building: "4号楼" }]);
    expect(plain("B3")).toEqual({ ok: true, building: "3号楼" });
  });
});
