/**
 * The end-of-day wrap-up (src/domain/wrap-up.ts): stages done per building, compactly by zone,
 * with every building not finished named (never cut off with 等), and parcels per round.
 */
import { describe, expect, it } from "vitest";
import { buildBoard, type BoardStage, type Tick } from "../../src/domain/progress.ts";
import { wrapUpText } from "../../src/domain/wrap-up.ts";

const DATE = "2022-04-19";
const stages: BoardStage[] = [
  { task: "garbage", zh: "收垃圾", en: "Garbage", start: "08:00", end: "09:00", wave: null },
  { task: "parcels_1", zh: "第一轮快递", en: "Parcel round 1", start: "09:00", end: "11:00", wave: 1 },
  { task: "antigen", zh: "发抗原", en: "Antigen kits", start: "11:00", end: "13:00", wave: null },
  { task: "parcels_2", zh: "第二轮快递", en: "Parcel round 2", start: "13:00", end: "15:00", wave: 2 },
];

function board(buildings: Array<{ id: string; zone: string }>, ticks: Array<[string, Tick["task"]]>) {
  return buildBoard({
    buildings,
    stagesOf: () => stages,
    ticks: ticks.map(([building, task]) => ({ building, task, at: 0, by: "V001" })),
    endAt: () => 1,
    now: 2,
  });
}

const all = (building: string): Array<[string, Tick["task"]]> =>
  stages.map((s) => [building, s.task] as [string, Tick["task"]]);

describe("the end-of-day wrap-up", () => {
  it("gives the stages done per building by zone, buildings missing the same stages on one line", () => {
    const b = board(
      [
        { id: "1号楼", zone: "东区" },
        { id: "2号楼", zone: "东区" },
        { id: "3号楼", zone: "东区" },
        { id: "4号楼", zone: "东区" },
        { id: "5号楼", zone: "西区" },
      ],
      [...all("1号楼"), ["2号楼", "garbage"], ["2号楼", "parcels_1"], ...all("5号楼")],
    );
    const text = wrapUpText({ date: DATE, communityName: "演示小区", language: "zh", board: b, counts: [] });
    const lines = text.split("\n");
    expect(lines).toContain("进度：5 栋楼共 20 项，已完成 10 项；全部做完的楼 2 栋");
    expect(lines).toContain("⚠️ 没做完的 10 项：");
    expect(lines).toContain("东区：4 栋楼做完 1 栋，完成 6/16 项");
    expect(lines).toContain("· 2号楼 完成 2/4，还差：发抗原、第二轮快递");
    expect(lines).toContain("· 3号楼、4号楼 各完成 0/4，还差：收垃圾、第一轮快递、发抗原、第二轮快递");
    expect(lines).toContain("西区：1 栋楼全部做完（4/4 项）");
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it("names every unfinished building of a large compound once, cutting nothing off", () => {
    const buildings = Array.from({ length: 200 }, (_, i) => ({ id: `${i + 1}号楼`, zone: `${(i % 5) + 1}区` }));
    // Every third building finished, every other one half done, the rest untouched.
    const ticks = buildings.flatMap((x, i) =>
      i % 3 === 0 ? all(x.id) : i % 2 === 0 ? all(x.id).slice(0, 2) : ([] as Array<[string, Tick["task"]]>),
    );
    const text = wrapUpText({
      date: DATE,
      communityName: "演示小区",
      language: "zh",
      board: board(buildings, ticks),
      counts: [],
    });
    expect(text).not.toContain("等");
    const named = text
      .split("\n")
      .filter((l) => /^· .+完成 \d+\/\d+，还差：/.test(l))
      .flatMap((l) => l.slice(2).split(" ")[0]!.split("、"));
    const unfinished = buildings.filter((_, i) => i % 3 !== 0).map((x) => x.id);
    expect(named.sort()).toEqual([...unfinished].sort());
  });

  it("says everything is done when it is, and gives the parcels per round in English too", () => {
    const b = board([{ id: "1号楼", zone: "东区" }], all("1号楼"));
    const counts = [{ wave: 1, building: "1号楼", count: 12, medicine: 2, coldChain: 1 }];
    const zh = wrapUpText({ date: DATE, communityName: "演示小区", language: "zh", board: b, counts });
    expect(zh).toContain("所有楼栋的工作都已完成。");
    expect(zh).toContain("第一轮快递：门口登记 12 件（药品 2，冷链 1），已送到 12 件");
    const en = wrapUpText({ date: DATE, communityName: "Demo", language: "en", board: b, counts });
    expect(en).toContain("东区: its building finished (4 of 4 stages)");
    expect(en).toContain("Parcel round 1: 12 counted at the gate (2 medicine, 1 cold chain), 12 delivered");
  });
});
