import { describe, expect, it } from "vitest";
import { chainImportReport, planChainImport } from "../../src/domain/chain.ts";
import { ROSTER, TODAY, TOMORROW } from "./chain-fixtures.ts";

// Lines the organizer must look at, as groups really write them: a plus-one, a part of the day
// that contradicts itself, a nickname around a roster name. Each is listed with its line and a
// reason in both languages, and none becomes a Signups row on a guess.
const plan = (text: string) => planChainImport({ text, today: TODAY, date: TOMORROW, roster: ROSTER, existing: [] });

describe("lines the organizer reviews", () => {
  it("imports the volunteer who brings a plus-one and lists the plus-one with the line, not in the note", () => {
    const p = plan("#接龙 明天\n1. 张伟 3号楼 全天 +1 我老婆也来 可以带推车\n2. 李娜 上午");
    expect(p.rows.map((r) => [r.volunteer_id, r.note])).toEqual([
      ["V001", "接龙导入 chain import: 可以带推车"],
      ["V002", "接龙导入 chain import"],
    ]);
    expect(p.unmatched).toHaveLength(1);
    const [plusOne] = p.unmatched;
    expect(plusOne).toMatchObject({ code: "plus_one", line: { lineNumber: 2 } });
    expect(plusOne!.zh).toBe(
      "张伟还带了一位不在志愿者表里的人（“+1 我老婆也来”），这位没有报名：如果要安排，请问清楚是谁，先加到志愿者表（核对年龄和身体情况）再导入一次，或在报名表里手动添加。",
    );
    expect(plusOne!.en).toContain("not on the roster");
    const report = chainImportReport(p);
    expect(report.unmatched[0]!.line).toBe("1. 张伟 3号楼 全天 +1 我老婆也来 可以带推车");
    expect(report.notes.map((n) => n.code)).toContain("plus_ones");
  });

  it("lists a line that is only a plus-one once, as nobody named, and does not count it against the chain", () => {
    // Five plus-one lines and two volunteers: a chain of ours, not another group's.
    const p = plan("#接龙 明天\n1. 张伟 全天\n2. 李娜 上午\n3. +1\n4. 加一\n5. 带家属2人\n6. 我和我老公 下午\n7. +1");
    expect(p.refusal).toBeNull();
    expect(p.rows).toHaveLength(2);
    expect(p.unmatched.map((u) => u.code)).toEqual(["plus_one", "plus_one", "plus_one", "plus_one", "plus_one"]);
    expect(p.unmatched[2]!.zh).toContain("这一行报名的是两位没写名字的人（“带家属2人”）");
    expect(chainImportReport(p).notes.find((n) => n.code === "plus_ones")!.zh).toContain("6 位家属或朋友");
  });

  it("reports a line whose parts of the day contradict each other with the volunteer it names, and adds no row", () => {
    const p = plan("#接龙 明天\n1. 张伟 3号楼 上午 下午不行 全天\n2. 李娜 上午可以 下午有会");
    expect(p.rows.map((r) => [r.volunteer_id, r.availability])).toEqual([["V002", "上午 AM"]]);
    expect(p.unmatched).toHaveLength(1);
    expect(p.unmatched[0]).toMatchObject({ code: "unclear_day_part", candidates: ["V001"] });
    expect(p.unmatched[0]!.zh).toBe(
      "张伟（3号楼）这一行写的时段前后矛盾（“全天”和“下午不行”），没有导入：请问清楚哪个时段能来，在报名表里填上，或请本人改好接龙后再导入一次。",
    );
  });

  it("suggests the volunteer for a nickname, naming the home building, and never signs them up", () => {
    const p = plan("#接龙 明天\n1. A唐晓雯 全天\n2. A王芳 上午\n3. 张伟 全天");
    expect(p.rows.map((r) => r.volunteer_id)).toEqual(["V001"]);
    expect(p.unmatched.map((u) => [u.code, u.candidates])).toEqual([
      ["suggested_match", ["V021"]],
      ["suggested_match", ["V003", "V004"]],
    ]);
    expect(p.unmatched[0]!.zh).toBe(
      "志愿者表里没有“A唐晓雯”，可能是唐晓雯（12号楼）。没有自动报名：请核对，是的话在报名表里手动加上，或请本人在接龙里写志愿者表上的名字。",
    );
    expect(p.unmatched[1]!.zh).toContain("可能是这几位中的一位：王芳（5号楼）、王芳（7号楼）");
  });

  it("does not refuse as another group's a chain whose names are nicknames of our volunteers", () => {
    const p = plan("#接龙 明天\n1. A唐晓雯 全天\n2. A张伟 全天\n3. B李娜 上午\n4. 赵磊88 全天\n5. 孙强 全天");
    expect(p.refusal).toBeNull();
    expect(p.rows.map((r) => r.volunteer_id)).toEqual(["V006"]);
    expect(chainImportReport(p).notes.map((n) => n.code)).toContain("suggestions");
  });

  it("keeps Chinese messages free of English words other than the quoted line", () => {
    const p = plan("#接龙 明天\n1. 张伟 全天 +2\n2. A唐晓雯 全天\n3. 李娜 全天 下午不行\n4. +1");
    expect(p.unmatched).toHaveLength(4);
    for (const u of p.unmatched) {
      const outsideQuotes = u.zh.replace(/“[^”]*”/gu, "");
      expect(outsideQuotes).not.toMatch(/[a-z]{2,}/iu);
      expect(outsideQuotes).not.toMatch(/[()]/u);
    }
  });
});
