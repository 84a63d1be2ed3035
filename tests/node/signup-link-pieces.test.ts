import { describe, expect, it } from "vitest";
import { signupWindow } from "../../src/domain/signup-window.ts";
import { signupTexts } from "../../src/pages/signup-texts.ts";

describe("signupWindow: the link signs up for tomorrow until tonight's publish time", () => {
  const shanghai = (day: number, hour: number, minute = 0) => Date.UTC(2022, 3, day, hour - 8, minute);

  it("is open for tomorrow during the day and until 20:59", () => {
    expect(signupWindow(shanghai(18, 8), "Asia/Shanghai", "21:00")).toEqual({
      date: "2022-04-19",
      closesAt: shanghai(18, 21),
      closeTime: "21:00",
      open: true,
    });
    expect(signupWindow(shanghai(18, 20, 59), "Asia/Shanghai", "21:00").open).toBe(true);
  });

  it("closes at 21:00 and opens for the next day at midnight", () => {
    expect(signupWindow(shanghai(18, 21), "Asia/Shanghai", "21:00")).toMatchObject({ date: "2022-04-19", open: false });
    expect(signupWindow(shanghai(18, 23, 59), "Asia/Shanghai", "21:00").open).toBe(false);
    expect(signupWindow(shanghai(19, 0), "Asia/Shanghai", "21:00")).toMatchObject({ date: "2022-04-20", open: true });
  });

  it("follows the community's own zone and publish time", () => {
    // 20:30 in Urumqi (UTC+6) is 22:30 in Shanghai; the community's clock decides.
    const at = Date.UTC(2022, 3, 18, 14, 30);
    expect(signupWindow(at, "Asia/Urumqi", "21:00")).toMatchObject({ date: "2022-04-19", open: true });
    expect(signupWindow(at, "Asia/Shanghai", "21:00")).toMatchObject({ date: "2022-04-19", open: false });
    expect(signupWindow(at, "Asia/Shanghai", "23:00").open).toBe(true);
  });
});

describe("sign-up page texts", () => {
  it("has every sentence in both languages", () => {
    expect(Object.keys(signupTexts.en).sort()).toEqual(Object.keys(signupTexts.zh).sort());
    for (const lang of ["zh", "en"] as const) {
      for (const [key, value] of Object.entries(signupTexts[lang])) {
        const text = typeof value === "function" ? (value as (...a: string[]) => string)("X", "Y") : value;
        expect(text.length, `${lang}.${key}`).toBeGreaterThan(0);
      }
    }
  });
});
