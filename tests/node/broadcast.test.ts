import { describe, expect, it } from "vitest";
import {
  broadcastLine,
  chineseOnly,
  dayLabel,
  groupMessages,
  POSTS_GROUP,
  STANDBY_GROUP,
  type BroadcastLine,
} from "../../src/domain/broadcast.ts";

const link = (i: number) => `https://zonecrew.example/c/k7HqVw3N${String(i).padStart(4, "2")}`;
/** n walkers spread over buildings 1..n of one zone, listed in a shuffled (post) order. */
const walkers = (n: number, zone = "东区"): BroadcastLine[] =>
  Array.from({ length: n }, (_, i) => {
    const b = `${((i * 7) % n) + 1}号楼`;
    return { group: zone, place: b, sortKey: b, name: `志愿者${n - i}`, link: link(i) };
  });
const base = {
  community: "演示小区",
  date: "2022-04-19",
  assembly: { start: "07:30", place: "居委会 Committee office", note: "先培训再分工 Training first" },
};
const chars = (s: string) => [...s].length;
const bodyLines = (parts: string[]) => parts.flatMap((p) => p.split("\n")).filter((l) => l.includes("https://"));

describe("the group message for a personal WeChat group", () => {
  it("has a short Chinese header: date, assembly time and place, what to bring", () => {
    const [message, ...rest] = groupMessages({ ...base, lines: walkers(3) });
    expect(rest).toEqual([]);
    const lines = message!.split("\n");
    expect(lines[0]).toBe("【演示小区】4月19日（周二）东区分工");
    expect(lines[1]).toBe("集合：07:30 居委会（先培训再分工）");
    expect(lines[2]).toContain("请带好手机");
    // No Latin-script words outside the links.
    for (const line of lines) expect(line.replace(/https:\/\/\S+/g, "")).not.toMatch(/[A-Za-z]/);
  });

  it("sorts the lines by building in natural order, then by name in pinyin order: 3号楼 张三 链接", () => {
    const lines: BroadcastLine[] = [
      { group: "东区", place: "13号楼", sortKey: "13号楼", name: "王五", link: link(1) },
      { group: "东区", place: "3号楼", sortKey: "3号楼", name: "李四", link: link(2) },
      { group: "东区", place: "3号楼", sortKey: "3号楼", name: "张三", link: link(3) },
      { group: "东区", place: "2号楼", sortKey: "2号楼", name: "赵六", link: link(4) },
    ];
    const body = bodyLines(groupMessages({ ...base, lines }));
    expect(body).toEqual([
      `2号楼 赵六 ${link(4)}`,
      `3号楼 李四 ${link(2)}`,
      `3号楼 张三 ${link(3)}`,
      `13号楼 王五 ${link(1)}`,
    ]);
  });

  it("gives each zone its own messages, then the posts, then standby", () => {
    const lines = [
      { group: STANDBY_GROUP, place: "待命 07:30", sortKey: "07:30", name: "甲", link: link(1) },
      ...walkers(2, "南区"),
      { group: POSTS_GROUP, place: "门口消杀分拣 06:30", sortKey: "06:30", name: "乙", link: link(2) },
      ...walkers(2, "东区"),
    ];
    const parts = groupMessages({ ...base, lines });
    expect(parts.map((p) => p.split("\n")[0])).toEqual([
      "【演示小区】4月19日（周二）南区分工",
      "【演示小区】4月19日（周二）东区分工",
      "【演示小区】4月19日（周二）各岗位分工",
      "【演示小区】4月19日（周二）待命分工",
    ]);
  });

  it("tells standby to wait at home by the phone: no call to the assembly, a suit only when called in", () => {
    const lines = [{ group: STANDBY_GROUP, place: "待命 07:00", sortKey: "~07:00", name: "甲", link: link(1) }];
    const [zh] = groupMessages({ ...base, lines });
    expect(zh).not.toContain("集合：");
    expect(zh).not.toContain("防护服集合时领取");
    expect(zh).toContain("在家等电话，手机保持畅通");
    expect(zh).toContain("待命时不用穿防护服；被叫来顶替时，到集合点（居委会）领一套。");
    const [en] = groupMessages({ ...base, lines, language: "en" });
    expect(en).not.toContain("Assembly:");
    expect(en).not.toContain("handed out at the assembly");
    expect(en).toContain("Wait at home with your phone on");
    // The zones' messages still call everyone else to the assembly.
    const [zone] = groupMessages({ ...base, lines: walkers(1) });
    expect(zone).toContain("集合：07:30 居委会");
  });

  it("keeps every part under 1,000 characters at any size, numbered, losing no line", () => {
    for (const n of [0, 1, 20, 21, 22, 23, 60, 141, 299, 1000]) {
      const lines = walkers(n);
      const parts = groupMessages({ ...base, lines });
      for (const part of parts) expect(chars(part)).toBeLessThan(1000);
      if (parts.length > 1) {
        parts.forEach((p, i) => expect(p.split("\n")[0]).toContain(`（${i + 1}/${parts.length}）`));
        // Each part is forwarded on its own, so each repeats the assembly.
        for (const p of parts) expect(p).toContain("集合：07:30");
      }
      expect(bodyLines(parts).sort()).toEqual(lines.map(broadcastLine).sort());
    }
  });

  it("works without an assembly step and cuts an absurdly long line instead of overflowing", () => {
    const [only] = groupMessages({ ...base, assembly: null, lines: walkers(1) });
    expect(only).not.toContain("集合：");
    const long = [{ group: "东区", place: "1号楼", sortKey: "1号楼", name: "名".repeat(3000), link: link(1) }];
    for (const part of groupMessages({ ...base, lines: long, maxChars: 500 }))
      expect(chars(part)).toBeLessThanOrEqual(500);
  });

  it("keeps the Chinese of a value typed in both languages", () => {
    expect(chineseOnly("居委会 Committee office")).toBe("居委会");
    expect(chineseOnly("Gate 2")).toBe("Gate 2");
    expect(chineseOnly("3号楼")).toBe("3号楼");
  });

  it("names the weekday in both languages", () => {
    expect(dayLabel("2022-04-21")).toEqual({ zh: "4月21日（周四）", en: "Thu 21 Apr" });
  });
});
