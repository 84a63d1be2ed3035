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
    expect(text).toContain("今天用 95套");
    expect(text).toContain("还够 4 天");
    const short = digestText({
      ...base,
      language: "en",
      rollCall: { present: 160, absent: 0 },
    });
    expect(short).toContain("used 160套 today");
    expect(short).toContain("lasts 2 days");
    expect(short).toContain("Reorder soon: 防护服");
  });

  it("in 中文+English gives each line in Chinese, then English", () => {
    const lines = digestText({ ...base, language: "zh+en" }).split("\n");
    const i = lines.findIndex((l) => l.startsWith("回复："));
    expect(lines[i + 1]).toMatch(/^Answers: 80 confirmed, 5 declined, 15 not answered$/);
  });
});
