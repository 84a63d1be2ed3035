import { describe, expect, it } from "vitest";
import {
  AVAILABILITY_OPTIONS,
  matchOption,
  matchOptionList,
  normalizeAvailability,
  optionMatcher,
} from "../../src/domain/normalize.ts";
import { roleSynonyms, waveSynonyms } from "../../src/domain/validate/manifest.ts";
import { tabSpec, type TabKey } from "../../src/sheets/manifest.ts";

function optionsOf(tab: TabKey, column: string) {
  const options = tabSpec(tab).columns.find((c) => c.key === column)?.options;
  if (!options) throw new Error(`${tab}.${column} has no options`);
  return options;
}

const roles = optionsOf("volunteers", "roles");
const tasks = optionsOf("workflow", "task");

describe("matchOption matches a dropdown option however it was typed", () => {
  it.each([
    "captain",
    "CAPTAIN",
    "队长",
    "Captain",
    "队长 Captain",
    "队长Captain",
    "Captain 队长",
    " 队长（Captain） ",
    "ｃａｐｔａｉｎ",
  ])("%j is captain", (input) => {
    expect(matchOption(input, roles)).toEqual({ ok: true, value: "captain" });
  });

  it("folds punctuation and case in multi-word labels", () => {
    expect(matchOption("parcels_1", tasks)).toEqual({ ok: true, value: "parcels_1" });
    expect(matchOption("Parcels round 1", tasks)).toEqual({ ok: true, value: "parcels_1" });
    expect(matchOption("第一轮快递 Parcels round 1", tasks)).toEqual({ ok: true, value: "parcels_1" });
    expect(matchOption("assembly & training", tasks)).toEqual({ ok: true, value: "assembly" });
  });

  it("uses extra synonyms passed by the caller", () => {
    expect(matchOption("组长", roles, { captain: ["组长"] })).toEqual({ ok: true, value: "captain" });
  });

  it("reports an unknown value with the choices, and blank as empty", () => {
    const result = matchOption("司机", roles);
    expect(result).toMatchObject({ ok: false, reason: "unknown" });
    if (!result.ok) expect(result.zh).toContain("队长");
    expect(matchOption("  ", roles)).toMatchObject({ ok: false, reason: "empty" });
  });

  it("reports a synonym that names two options as ambiguous rather than picking one", () => {
    const match = optionMatcher(roles, { captain: ["带头"], trainer: ["带头"] });
    expect(match("带头")).toMatchObject({ ok: false, reason: "ambiguous" });
  });

  it("throws for a synonym of a value that is not an option: a bug in the caller", () => {
    expect(() => optionMatcher(roles, { driver: ["司机"] })).toThrow(/driver/);
  });
});

describe("normalizeAvailability reads when a volunteer can come", () => {
  it("knows the same options as the manifest's Signups.availability", () => {
    expect(optionsOf("signups", "availability")).toEqual(AVAILABILITY_OPTIONS);
  });

  it.each([
    ["全天", "all_day"],
    ["全天 All day", "all_day"],
    ["全日", "all_day"],
    ["整天", "all_day"],
    ["一天", "all_day"],
    ["都可以", "all_day"],
    ["all day", "all_day"],
    ["ALL DAY", "all_day"],
    ["full day", "all_day"],
    ["AM+PM", "all_day"],
    ["上午", "am"],
    ["上午 AM", "am"],
    ["早上", "am"],
    ["早", "am"],
    ["AM", "am"],
    ["am", "am"],
    ["morning", "am"],
    ["上", "am"],
    ["下午", "pm"],
    ["下午 PM", "pm"],
    ["PM", "pm"],
    ["afternoon", "pm"],
    ["下", "pm"],
  ])("%j is %s", (input, expected) => {
    expect(normalizeAvailability(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["8-12点", "am"],
    ["8:00-12:00", "am"],
    ["上午8点到下午1点", "am"],
    ["13-17", "pm"],
    ["下午2-4点", "pm"],
    ["12:00-17:00", "pm"],
    ["8-17", "all_day"],
    ["8点到下午5点", "all_day"],
  ])("reads the time range %j as %s (ends by 13:00 = am, starts from 12:00 = pm, else all day)", (input, expected) => {
    expect(normalizeAvailability(input)).toEqual({ ok: true, value: expected });
  });

  it("passes on what is wrong with a broken time range", () => {
    expect(normalizeAvailability("12-8点")).toMatchObject({ ok: false, reason: "end_before_start" });
  });

  it("reports words it does not know as unknown, with the choices", () => {
    expect(normalizeAvailability("晚上")).toMatchObject({ ok: false, reason: "unknown" });
    expect(normalizeAvailability("")).toMatchObject({ ok: false, reason: "empty" });
  });
});

describe("matchOptionList reads a Roles cell with several roles", () => {
  it.each([
    ["队长、培训", ["captain", "trainer"]],
    ["队长,培训", ["captain", "trainer"]],
    ["队长，培训", ["captain", "trainer"]],
    ["队长;培训", ["captain", "trainer"]],
    ["队长；培训", ["captain", "trainer"]],
    ["队长/培训", ["captain", "trainer"]],
    ["队长 培训", ["captain", "trainer"]],
    ["Captain, Gate crew", ["captain", "gate"]],
    ["队长 Captain 门口消杀分拣 Gate crew", ["captain", "gate"]],
    ["Gate crew PCR marshal", ["gate", "pcr"]],
    ["队长、队长 Captain", ["captain"]],
  ])("%j -> %j", (input, expected) => {
    expect(matchOptionList(input, roles)).toEqual({ ok: true, value: expected });
  });

  it("reads the gate crew's earlier name (门岗分拣) from sheets made before the glossary fixed it", () => {
    expect(matchOptionList("队长 Captain 门岗分拣 Gate crew", roles, roleSynonyms)).toEqual({
      ok: true,
      value: ["captain", "gate"],
    });
    expect(matchOption("第二波 Wave 2", optionsOf("parcels", "wave"), waveSynonyms)).toEqual({
      ok: true,
      value: "2",
    });
  });

  it("reads a blank cell as no roles", () => {
    expect(matchOptionList("", roles)).toEqual({ ok: true, value: [] });
  });

  it("reports the parts it does not know and keeps the ones it does", () => {
    const result = matchOptionList("队长、司机、厨师 培训", roles);
    expect(result).toMatchObject({
      ok: false,
      reason: "unknown",
      values: ["captain", "trainer"],
      unknown: ["司机", "厨师"],
    });
    if (!result.ok) expect(result.zh).toContain("司机");
  });

  it("keeps consecutive unknown words together", () => {
    expect(matchOptionList("Captain night shift", roles)).toMatchObject({
      values: ["captain"],
      unknown: ["night shift"],
    });
  });
});
