import { describe, expect, it } from "vitest";
import { nameKey, namesMatch, normalizeName } from "../../src/domain/normalize.ts";

describe("normalizeName drops what WeChat nicknames add and keeps the name", () => {
  it.each([
    ["王芳", "王芳"],
    ["🌸王芳", "王芳"],
    ["王芳~", "王芳"],
    ["～王芳～", "王芳"],
    ["☀️ 李伟", "李伟"],
    ["★李伟★", "李伟"],
    ["李伟❤", "李伟"],
    ["👨‍👩‍👧张三🇨🇳", "张三"],
    ["王 芳", "王芳"],
    ["王\u3000\u3000芳", "王芳"],
    ["\uFEFF王芳\u200B", "王芳"],
    ["Ｌｉｕ Ｗｅｉ", "Liu Wei"],
    ["  Liu   Wei  ", "Liu Wei"],
    ["O'Brien-Smith", "O'Brien-Smith"],
    ["O’Brien", "O'Brien"],
    ["-Anna-", "Anna"],
    ["张三2", "张三2"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it("keeps the middle dot of minority names and unifies look-alike dots", () => {
    expect(normalizeName("阿依古丽·买买提")).toBe("阿依古丽·买买提");
    expect(normalizeName("阿依古丽 • 买买提")).toBe("阿依古丽·买买提");
    expect(normalizeName("阿依古丽・买买提")).toBe("阿依古丽·买买提");
    expect(normalizeName("阿依古丽･买买提")).toBe("阿依古丽·买买提");
    expect(normalizeName("·阿依古丽··买买提·")).toBe("阿依古丽·买买提");
  });

  it("returns an empty string when nothing but decoration was typed", () => {
    expect(normalizeName("🌸~★")).toBe("");
  });
});

describe("namesMatch compares two cells as the same person", () => {
  it.each([
    ["🌸王芳", "王 芳"],
    ["王芳", "王芳~"],
    ["Liu Wei", "liu wei"],
    ["Ｌｉｕ Ｗｅｉ", "Liu Wei"],
    ["阿依古丽·买买提", "阿依古丽买买提"],
  ])("%j and %j match", (a, b) => {
    expect(namesMatch(a, b)).toBe(true);
  });

  it.each([
    ["王芳", "王方"],
    ["张三", "张三2"],
    ["", ""],
    ["🌸", "☀️"],
  ])("%j and %j do not match", (a, b) => {
    expect(namesMatch(a, b)).toBe(false);
  });

  it("gives one key per person for indexing a roster", () => {
    expect(nameKey("Li·Wei")).toBe(nameKey("liwei"));
  });
});
