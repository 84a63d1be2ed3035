import { describe, expect, it } from "vitest";
import { pickLang, texts } from "../../src/pages/volunteer-texts.ts";

describe("the volunteer page's words", () => {
  it("has every sentence in Chinese and English", () => {
    expect(Object.keys(texts.en).sort()).toEqual(Object.keys(texts.zh).sort());
    for (const [key, zh] of Object.entries(texts.zh)) {
      const en = texts.en[key as keyof typeof texts.en];
      expect(typeof en, key).toBe(typeof zh);
    }
  });

  it("speaks Chinese unless the phone prefers English or the toggle asks", () => {
    expect(pickLang(undefined, undefined)).toBe("zh");
    expect(pickLang(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(pickLang(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(pickLang(undefined, "en;q=0.5,zh-TW;q=0.8")).toBe("zh");
    expect(pickLang(undefined, "fr-FR,en;q=0.5")).toBe("en");
    expect(pickLang("en", "zh-CN")).toBe("en");
    expect(pickLang("zh", "en-US")).toBe("zh");
    expect(pickLang("xx", "de")).toBe("zh");
  });
});
