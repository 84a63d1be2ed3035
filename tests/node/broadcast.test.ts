import { describe, expect, it } from "vitest";
import { broadcastLine, dayLabel, groupMessages, type BroadcastLine } from "../../src/domain/broadcast.ts";

const link = (i: number) => `https://zonecrew.example/c/k7HqVw3N${String(i).padStart(4, "2")}`;
const people = (n: number): BroadcastLine[] =>
  Array.from({ length: n }, (_, i) => ({ name: `志愿者${i + 1}`, post: "包干路线 东区/12号楼 Route", link: link(i) }));
const base = {
  community: "演示小区",
  date: "2022-04-19",
  assembly: { start: "07:30", place: "居委会 Committee office" },
};
const chars = (s: string) => [...s].length;

describe("the group message", () => {
  it("reads date, assembly time and place, then one line per volunteer: name → post → link", () => {
    const [message, ...rest] = groupMessages({ ...base, lines: people(3) });
    expect(rest).toEqual([]);
    const lines = message!.split("\n");
    expect(lines[0]).toBe("【演示小区】4月19日（周二）志愿者分工 Duty for Tue 19 Apr");
    expect(lines[1]).toBe("集合 Assembly: 07:30 居委会 Committee office");
    expect(lines.slice(-3)).toEqual(people(3).map(broadcastLine));
    expect(lines.at(-1)).toBe(`志愿者3 → 包干路线 东区/12号楼 Route → ${link(2)}`);
  });

  it("splits 300 volunteers into numbered parts under the limit, never inside a line, losing none", () => {
    const lines = people(300);
    const parts = groupMessages({ ...base, lines, maxChars: 2000 });
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      expect(chars(part)).toBeLessThanOrEqual(2000);
      expect(part.split("\n")[0]).toContain(`（${i + 1}/${parts.length}）`);
    });
    const body = parts.flatMap((p) => p.split("\n")).filter((l) => l.includes(" → "));
    expect(body).toEqual(lines.map(broadcastLine));
    // Assembly is said once, at the top of the first part.
    expect(parts[0]).toContain("集合 Assembly");
    expect(parts.slice(1).some((p) => p.includes("集合 Assembly"))).toBe(false);
  });

  it("keeps every part under the default limit at any size, and the part count honest", () => {
    for (const n of [0, 1, 20, 21, 22, 23, 24, 25, 60, 299, 1000]) {
      const parts = groupMessages({ ...base, lines: people(n) });
      for (const part of parts) expect(chars(part)).toBeLessThanOrEqual(1800);
      if (parts.length > 1) expect(parts.at(-1)!.split("\n")[0]).toContain(`/${parts.length}）`);
      expect(
        parts
          .join("\n")
          .split("\n")
          .filter((l) => l.includes(" → ")),
      ).toHaveLength(n);
    }
  });

  it("works without an assembly step and cuts an absurdly long line instead of overflowing", () => {
    const [only] = groupMessages({ ...base, assembly: null, lines: people(1) });
    expect(only).not.toContain("集合");
    const long = [{ name: "名".repeat(3000), post: "待命 Standby", link: link(1) }];
    for (const part of groupMessages({ ...base, lines: long, maxChars: 500 }))
      expect(chars(part)).toBeLessThanOrEqual(500);
  });

  it("names the weekday in both languages", () => {
    expect(dayLabel("2022-04-21")).toEqual({ zh: "4月21日（周四）", en: "Thu 21 Apr" });
  });
});
