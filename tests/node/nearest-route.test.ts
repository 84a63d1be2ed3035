import { describe, expect, it } from "vitest";
import { nearestHelperText, nearestHelpers } from "../../src/domain/nearest-route.ts";
import type { RoutePlan } from "../../src/domain/plan/index.ts";

const buildings = [1, 2, 3, 4, 5, 6].map((n) => ({ id: `${n}号楼`, zone: n <= 4 ? "东区" : "西区", routeOrder: n }));
const route = (zone: string, ids: string[], volunteerIds: string[]) =>
  ({ id: `${zone}/${ids[0]}`, zone, buildings: ids, volunteerIds }) as unknown as RoutePlan;

describe("the nearest route volunteer for a building nobody walks", () => {
  it("picks the same zone's nearest building in walking order, then someone already here, then the lighter route", () => {
    const routes = [
      route("东区", ["1号楼"], ["V1"]),
      route("东区", ["4号楼"], ["V4"]),
      route("东区", ["2号楼", "3号楼"], ["V23"]),
      route("西区", ["5号楼"], ["V5"]),
    ];
    // 3号楼 is nobody's now; 2号楼 and 4号楼 are both one stop away.
    const open = routes.map((r) => (r.id === "东区/2号楼" ? { ...r, buildings: ["2号楼"] } : r));
    expect(nearestHelpers({ uncovered: ["3号楼"], buildings, routes: open, present: new Set() })).toEqual([
      { building: "3号楼", volunteerId: "V23", from: "2号楼" },
    ]);
    expect(nearestHelpers({ uncovered: ["3号楼"], buildings, routes: open, present: new Set(["V4"]) })).toEqual([
      { building: "3号楼", volunteerId: "V4", from: "4号楼" },
    ]);
    // Never across zones: 6号楼 (西区) goes to 5号楼's volunteer even if 东区's are here.
    expect(nearestHelpers({ uncovered: ["6号楼"], buildings, routes, present: new Set(["V4"]) })).toEqual([
      { building: "6号楼", volunteerId: "V5", from: "5号楼" },
    ]);
  });

  it("names nobody when the zone has no route at all", () => {
    expect(
      nearestHelpers({
        uncovered: ["6号楼"],
        buildings,
        routes: [route("东区", ["1号楼"], ["V1"])],
        present: new Set(),
      }),
    ).toEqual([]);
  });
});

describe("the nearest helper, as pages say it", () => {
  it("names them twice rather than guess 他 or 她, with no stray spaces around the Chinese", () => {
    const line = nearestHelperText({ building: "8号楼", from: "7号楼", name: "王伟", present: true });
    expect(line.zh).toBe("8号楼：离得最近的是负责7号楼的王伟（已到），可以请王伟顺路加上。");
    expect(line.zh).not.toMatch(/[他她]| /);
    expect(line.en).toBe("8号楼: the nearest is 王伟, who walks 7号楼 (here) and could add it on the way.");
  });
});
