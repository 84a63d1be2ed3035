/**
 * The morning digest (src/domain/digest.ts): an unanswered link is 未回复, never a no-show; the
 * language setting decides what it is written in; once the roll call ran, suits and other
 * per-person supplies are counted from who came, and the days of stock left from that.
 */
import { describe, expect, it } from "vitest";
import { digestText } from "../../src/domain/digest.ts";
import type { Plan } from "../../src/domain/plan/index.ts";

const plan = {
  metrics: { covered: 30, buildings: 32, onDuty: 100, protectiveSuits: 100 },
  uncovered: ["3号楼", "5号楼"],
  supplies: [
    { item: "防护服", unit: "套", stock: 450, perVolunteer: 1, needed: 100, left: 350, reorderLevel: 50, status: "ok" },
  ],
} as unknown as Plan;

const base = {
  date: "2026-12-06",
  communityName: "演示小区 Demo compound",
  plan,
  answers: { confirmed: 80, declined: 5, pending: 15 },
  warnDays: 3,
};

describe("the morning digest", () => {
  it("in 中文 calls unanswered links 未回复, never 未到, and has no English", () => {
    const text = digestText({ ...base, language: "zh" });
    expect(text).toContain("未回复 15 人");
    expect(text).not.toContain("未到");
    expect(text).not.toMatch(/[A-Za-z]{2,}/);
    expect(text).toContain("还够 4 天"); // 450 suits at 100 a day
  });

  it("counts suits from the roll call once it ran: 95 came, so 95 handed out and 4 days left", () => {
    const text = digestText({ ...base, language: "zh", rollCall: { present: 95, absent: 5 } });
    expect(text).toContain("点名：到 95 人，未到 5 人");
    expect(text).toContain("今天用 95 套（计划 100 套）");
    expect(text).toContain("还够 4 天");
    const short = digestText({
      ...base,
      language: "en",
      rollCall: { present: 160, absent: 0 },
    });
    expect(short).toContain("used 160 套 today");
    expect(short).toContain("lasts 2 days");
    expect(short).toContain("Reorder soon: 防护服");
  });

  it("writes every count with its unit the same way, and a fractional use rounded up like the plan", () => {
    const litres = {
      item: "消毒液",
      unit: "升",
      stock: 40,
      perVolunteer: 0.2,
      needed: 20,
      left: 20,
      reorderLevel: 5,
      status: "ok",
    };
    const text = digestText({
      ...base,
      plan: { ...plan, supplies: [...plan.supplies, litres] } as unknown as Plan,
      language: "zh",
      rollCall: { present: 87, absent: 13 },
    });
    // "87 套" in one line and "87套" in the next read as two different styles.
    expect(text).not.toMatch(/\d(套|升)/);
    expect(text).toContain("防护服：发出 87 套（一人一套）");
    expect(text).toContain("上岗 100 人，防护服 100 套");
    // 0.2 × 87 is 17.400000000000002 in floating point: 18 litres, rounded up as the plan's 20.
    expect(text).toContain("消毒液：今天用 18 升（计划 20 升），库存 40 升，还够 2 天");
  });

  it("in 中文+English gives each line in Chinese, then English", () => {
    const lines = digestText({ ...base, language: "zh+en" }).split("\n");
    const i = lines.findIndex((l) => l.startsWith("回复："));
    expect(lines[i + 1]).toMatch(/^Answers: 80 confirmed, 5 declined, 15 not answered$/);
  });
});
