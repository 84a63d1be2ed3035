import { describe, expect, it } from "vitest";
import { normalizeDate } from "../../src/domain/normalize.ts";

// 2022-04-18 was a Monday, the day the source article's compound ran its new system.
const monday = { today: "2022-04-18" };

function dateOf(text: string, today = monday.today): string | undefined {
  const result = normalizeDate(text, { today });
  return result.ok ? result.value : undefined;
}

describe("normalizeDate reads written dates", () => {
  it.each([
    "2022-04-18",
    "2022-4-18",
    "2022/4/18",
    "2022/04/18",
    "2022.4.18",
    "2022年4月18日",
    "2022年04月18日",
    "2022 年 4 月 18 日",
    "2022年4月18号",
    "20220418",
    "２０２２－０４－１８",
    "２０２２年４月１８日",
    "2022/4/18 0:00:00",
    "\uFEFF 2022-04-18 ",
  ])("%j is 2022-04-18", (input) => {
    expect(normalizeDate(input, { today: "2022-04-10" })).toEqual({ ok: true, value: "2022-04-18" });
  });

  it("reads Chinese numerals in month and day", () => {
    expect(dateOf("四月十八日")).toBe("2022-04-18");
    expect(dateOf("十二月三十一日", "2022-12-01")).toBe("2022-12-31");
  });

  it.each([
    ["2022-02-30", "invalid"],
    ["2022-13-01", "invalid"],
    ["2022-04-31", "invalid"],
    ["2022-02-29", "invalid"],
    ["1800-01-01", "invalid"],
    ["2月30日", "invalid"],
    ["hello", "unrecognized"],
    ["2022-04", "unrecognized"],
    ["4月", "unrecognized"],
    ["", "empty"],
  ] as const)("%j fails with %s", (input, reason) => {
    expect(normalizeDate(input, monday)).toMatchObject({ ok: false, reason });
  });

  it("accepts 29 February in a leap year", () => {
    expect(dateOf("2024-02-29")).toBe("2024-02-29");
  });
});

describe("normalizeDate without a year picks the year nearest today", () => {
  it("reads 4月18日 and 4/18 in the current year", () => {
    expect(dateOf("4月18日")).toBe("2022-04-18");
    expect(dateOf("4/18")).toBe("2022-04-18");
    expect(dateOf("4-19")).toBe("2022-04-19");
    expect(dateOf("４月１９日")).toBe("2022-04-19");
  });

  it("reads January as next year on a late-December sheet", () => {
    expect(dateOf("1月2日", "2022-12-30")).toBe("2023-01-02");
    expect(dateOf("1/2", "2022-12-30")).toBe("2023-01-02");
  });

  it("reads December as last year on an early-January sheet", () => {
    expect(dateOf("12月30日", "2023-01-02")).toBe("2022-12-30");
  });

  it("reads 29 February only when a nearby year has it", () => {
    expect(dateOf("2月29日", "2024-02-01")).toBe("2024-02-29");
    expect(normalizeDate("2月29日", { today: "2022-06-01" })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("reads a year-less 18/4 as day/month because 18 cannot be a month", () => {
    expect(dateOf("18/4")).toBe("2022-04-18");
  });
});

describe("normalizeDate with the year last: explicit day/month rule", () => {
  it("takes a first number over 12 as the day", () => {
    expect(dateOf("18/04/2022")).toBe("2022-04-18");
    expect(dateOf("18.4.2022")).toBe("2022-04-18");
  });

  it("takes a second number over 12 as the day", () => {
    expect(dateOf("04/18/2022")).toBe("2022-04-18");
    expect(dateOf("4/18/2022")).toBe("2022-04-18");
  });

  it("refuses to guess when both could be the month, and asks for YYYY-MM-DD", () => {
    const result = normalizeDate("04/05/2022", monday);
    expect(result).toMatchObject({ ok: false, reason: "ambiguous" });
    if (!result.ok) {
      expect(result.zh).toContain("2022-04-05");
      expect(result.zh).toContain("2022-05-04");
      expect(result.en).toContain("YYYY-MM-DD");
    }
  });

  it("reads the same number twice without ambiguity", () => {
    expect(dateOf("04/04/2022")).toBe("2022-04-04");
  });

  it("fails when neither number can be a month", () => {
    expect(normalizeDate("18/18/2022", monday)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("normalizeDate reads relative words and weekdays against today", () => {
  it.each([
    ["今天", "2022-04-18"],
    ["今日", "2022-04-18"],
    ["today", "2022-04-18"],
    ["Today", "2022-04-18"],
    ["明天", "2022-04-19"],
    ["明日", "2022-04-19"],
    ["tomorrow", "2022-04-19"],
    ["后天", "2022-04-20"],
    ["大后天", "2022-04-21"],
  ])("%j on Monday 2022-04-18 is %s", (input, expected) => {
    expect(dateOf(input)).toBe(expected);
  });

  it("crosses month and year ends", () => {
    expect(dateOf("明天", "2022-12-31")).toBe("2023-01-01");
    expect(dateOf("后天", "2024-02-28")).toBe("2024-03-01");
  });

  it.each([
    ["周二", "2022-04-19"],
    ["星期二", "2022-04-19"],
    ["礼拜二", "2022-04-19"],
    ["Tue", "2022-04-19"],
    ["Tuesday", "2022-04-19"],
    ["tues.", "2022-04-19"],
    ["周日", "2022-04-24"],
    ["星期天", "2022-04-24"],
    ["Sun", "2022-04-24"],
    ["周六", "2022-04-23"],
  ])("%j is the next such day: %s", (input, expected) => {
    expect(dateOf(input)).toBe(expected);
  });

  it("reads today's own weekday as a week from today", () => {
    expect(dateOf("周一")).toBe("2022-04-25");
    expect(dateOf("Monday")).toBe("2022-04-25");
  });

  it("accepts a weekday beside a date when they agree, and flags it when they do not", () => {
    expect(dateOf("4月19日(周二)")).toBe("2022-04-19");
    expect(dateOf("2022-04-19 星期二")).toBe("2022-04-19");
    expect(dateOf("Tue 4/19")).toBe("2022-04-19");
    expect(dateOf("明天（周二）")).toBe("2022-04-19");
    expect(normalizeDate("4月19日(周三)", monday)).toMatchObject({ ok: false, reason: "weekday_mismatch" });
  });
});

describe("normalizeDate reads Google Sheets serial numbers", () => {
  it("reads 44669 as 2022-04-18", () => {
    expect(dateOf("44669")).toBe("2022-04-18");
    expect(dateOf("４４６６９")).toBe("2022-04-18");
    expect(dateOf("44669.5")).toBe("2022-04-18");
  });

  it("reads the ends of the plausible range", () => {
    expect(dateOf("36526")).toBe("2000-01-01");
    expect(dateOf("73050")).toBe("2099-12-31");
  });

  it.each(["12345", "36525", "73051", "4466", "446690"])("does not take %j for a serial", (input) => {
    expect(normalizeDate(input, monday).ok).toBe(false);
  });
});

describe("normalizeDate's today", () => {
  it("throws on a malformed today, which is a bug in the caller", () => {
    expect(() => normalizeDate("明天", { today: "2022-4-18" })).toThrow(/today/);
    expect(() => normalizeDate("明天", { today: "2022-02-30" })).toThrow(/today/);
  });
});
