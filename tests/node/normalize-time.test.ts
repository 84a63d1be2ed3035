import { describe, expect, it } from "vitest";
import { normalizeTime, normalizeTimeRange } from "../../src/domain/normalize.ts";

function hhmm(text: string): string | undefined {
  const result = normalizeTime(text);
  return result.ok ? result.value.hhmm : undefined;
}

function range(text: string): string | undefined {
  const result = normalizeTimeRange(text);
  return result.ok ? `${result.value.start.hhmm}-${result.value.end.hhmm}` : undefined;
}

describe("normalizeTime reads clock times", () => {
  it.each([
    ["8:00", "08:00"],
    ["08:00", "08:00"],
    ["8：30", "08:30"],
    ["８：３０", "08:30"],
    ["08:00:00", "08:00"],
    ["8.30", "08:30"],
    ["14:00", "14:00"],
    ["00:00", "00:00"],
    ["23:59", "23:59"],
    ["24:00", "24:00"],
  ])("%j -> %s", (input, expected) => {
    expect(hhmm(input)).toBe(expected);
  });

  it("returns minutes since midnight alongside HH:MM", () => {
    expect(normalizeTime("14:30")).toEqual({ ok: true, value: { minutes: 870, hhmm: "14:30" } });
  });
});

describe("normalizeTime reads Chinese times", () => {
  it.each([
    ["8点", "08:00"],
    ["8点半", "08:30"],
    ["8点30", "08:30"],
    ["8点30分", "08:30"],
    ["8点5分", "08:05"],
    ["8点一刻", "08:15"],
    ["8时30分", "08:30"],
    ["八点", "08:00"],
    ["十二点半", "12:30"],
    ["上午8:30", "08:30"],
    ["上午 8:30", "08:30"],
    ["早上8点", "08:00"],
    ["早8点", "08:00"],
    ["中午12点", "12:00"],
    ["中午1点", "13:00"],
    ["下午2点", "14:00"],
    ["下午2点半", "14:30"],
    ["下午14点", "14:00"],
    ["傍晚6点", "18:00"],
    ["晚上7点", "19:00"],
    ["晚7点", "19:00"],
    ["凌晨2点", "02:00"],
    ["凌晨12点", "00:00"],
  ])("%j -> %s", (input, expected) => {
    expect(hhmm(input)).toBe(expected);
  });
});

describe("normalizeTime reads English am/pm", () => {
  it.each([
    ["2pm", "14:00"],
    ["2 pm", "14:00"],
    ["2:30 PM", "14:30"],
    ["2:30pm", "14:30"],
    ["2 p.m.", "14:00"],
    ["8am", "08:00"],
    ["8:30 AM", "08:30"],
    ["12pm", "12:00"],
    ["12am", "00:00"],
  ])("%j -> %s", (input, expected) => {
    expect(hhmm(input)).toBe(expected);
  });
});

describe("normalizeTime's explicit rules for times that could mean two things", () => {
  it("refuses 1400: a four-digit number may be a count, not a clock", () => {
    const result = normalizeTime("1400");
    expect(result).toMatchObject({ ok: false, reason: "ambiguous" });
    if (!result.ok) expect(result.en).toContain("14:00");
  });

  it("refuses a bare hour such as 8", () => {
    expect(normalizeTime("8")).toMatchObject({ ok: false, reason: "ambiguous" });
  });

  it("refuses a one-digit hour 1-6 without 上午/下午, since volunteers do not start at 2 am", () => {
    for (const input of ["2点", "2:00", "6点半", "1:30"]) {
      expect(normalizeTime(input), input).toMatchObject({ ok: false, reason: "ambiguous" });
    }
  });

  it("takes a leading zero as a deliberate 24-hour clock", () => {
    expect(hhmm("02:00")).toBe("02:00");
    expect(hhmm("06:30")).toBe("06:30");
  });

  it("reads 7点 and later without a period as the 24-hour clock", () => {
    expect(hhmm("7点")).toBe("07:00");
    expect(hhmm("12点")).toBe("12:00");
    expect(hhmm("19点")).toBe("19:00");
  });

  it("reads 上午12点 as noon and 晚上12点 as the end of the day", () => {
    expect(hhmm("上午12点")).toBe("12:00");
    expect(hhmm("晚上12点")).toBe("24:00");
  });

  it.each([
    ["25:00", "invalid"],
    ["8:60", "invalid"],
    ["24:30", "invalid"],
    ["上午14点", "invalid"],
    ["13pm", "invalid"],
    ["下午2am", "unrecognized"],
    ["8点5", "unrecognized"],
    ["8:5", "unrecognized"],
    ["noon-ish", "unrecognized"],
    ["", "empty"],
  ] as const)("%j fails with %s", (input, reason) => {
    expect(normalizeTime(input)).toMatchObject({ ok: false, reason });
  });
});

describe("normalizeTimeRange reads spans", () => {
  it.each([
    ["08:00-09:00", "08:00-09:00"],
    ["8:00～9:00", "08:00-09:00"],
    ["8:00~9:00", "08:00-09:00"],
    ["8:00〜9:00", "08:00-09:00"],
    ["8:00—9:00", "08:00-09:00"],
    ["8:00 - 9:00", "08:00-09:00"],
    ["8-12点", "08:00-12:00"],
    ["8点到12点", "08:00-12:00"],
    ["8点-12点", "08:00-12:00"],
    ["8:00至9:00", "08:00-09:00"],
    ["下午2-4点", "14:00-16:00"],
    ["下午2点到4点半", "14:00-16:30"],
    ["上午8点-下午2点", "08:00-14:00"],
    ["8点-下午2点", "08:00-14:00"],
    ["2-4pm", "14:00-16:00"],
    ["10am-2pm", "10:00-14:00"],
    ["10-2pm", "10:00-14:00"],
    ["8am to 12pm", "08:00-12:00"],
    ["13-17", "13:00-17:00"],
    ["8-17", "08:00-17:00"],
    ["晚上7点-12点", "19:00-24:00"],
  ])("%j -> %s", (input, expected) => {
    expect(range(input)).toBe(expected);
  });

  it("fails when the end is not after the start", () => {
    expect(normalizeTimeRange("9:00-8:00")).toMatchObject({ ok: false, reason: "end_before_start" });
    expect(normalizeTimeRange("8:00-8:00")).toMatchObject({ ok: false, reason: "end_before_start" });
  });

  it("passes on the ambiguity of a one-digit afternoon hour without 下午", () => {
    expect(normalizeTimeRange("12-2点")).toMatchObject({ ok: false, reason: "ambiguous" });
  });

  it.each(["8:00", "8-9-10", "早上-晚上", ""])("%j is not a range", (input) => {
    expect(normalizeTimeRange(input).ok).toBe(false);
  });
});
