/**
 * Signups tab: matching the evening chain to the roster, dates relative to the community's today,
 * repeats merged, and pins checked against the workflow and the volunteer's roles.
 */
import { describe, expect, it } from "vitest";
import { mergeAvailability, SIGNUP_DAYS_AHEAD } from "../../src/domain/validate.ts";
import { baseRecords, rowOf, TODAY, TOMORROW, validate, validateWith, type Cells } from "./validate-fixtures.ts";

function signup(overrides: Cells): Cells {
  return { date: TOMORROW, volunteer_id: "", name: "", availability: "全天 All day", pin: "", note: "", ...overrides };
}

function snapshotSignup(result: ReturnType<typeof validate>, row: number) {
  return result.snapshot.signups.find((s) => s.row.rowNumber === row);
}

describe("matching a sign-up to the roster", () => {
  it("by ID, whatever the width or case", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "ｖ006" })]);
    expect(result.at("signups", row)).toEqual([]);
    expect(snapshotSignup(result, row)).toMatchObject({ volunteerId: "V006", name: "张敏" });
  });

  it("by a unique name, decorated as WeChat nicknames are", () => {
    const { result, row } = validateWith("signups", [signup({ name: "☀️ 李 伟~", date: "2022-04-20" })]);
    expect(result.at("signups", row)).toEqual([]);
    expect(snapshotSignup(result, row)).toMatchObject({ volunteerId: "V002", name: "李伟", date: "2022-04-20" });
  });

  it("an ID that exists with another person's name beside it: matched by ID, with a warning", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V006", name: "王芳", date: "2022-04-20" }),
    ]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_name_mismatch", severity: "warning", column: "name" });
    expect(problem!.zh).toContain("V006");
    expect(problem!.zh).toContain("张敏");
    expect(snapshotSignup(result, row)?.volunteerId).toBe("V006");
  });

  it("an unknown ID is an error; when the name is known the message gives its ID", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V999", name: "王芳", date: "2022-04-20" }),
    ]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_unknown_volunteer", severity: "error", value: "V999" });
    expect(problem!.zh).toContain("V001");
  });

  it("an unknown name is an error asking for the ID or a roster row", () => {
    const { result, row } = validateWith("signups", [signup({ name: "赵小龙" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_unknown_volunteer", severity: "error", column: "name" });
    expect(problem!.zh).toContain("赵小龙");
    expect(problem!.zh).toContain("编号");
  });

  it("a name two active volunteers share is an error listing both IDs: write the ID", () => {
    const { result, row } = validateWith("signups", [signup({ name: "张敏", date: "2022-04-20" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_ambiguous_name", severity: "error", column: "name" });
    expect(problem!.zh).toContain("V003、V006");
    expect(problem!.zh).toContain("编号");
    expect(snapshotSignup(result, row)).toBeUndefined();
  });

  it.each(["张敏(3333)", "张敏 尾号3333", "张敏（尾号：３３３３）"])(
    "a phone tail as chains write it (%j) tells namesakes apart",
    (name) => {
      const { result, row } = validateWith("signups", [signup({ name, date: "2022-04-20" })]);
      expect(result.at("signups", row)).toEqual([]);
      expect(snapshotSignup(result, row)?.volunteerId).toBe("V006");
    },
  );

  it("an inactive volunteer signing up is an error naming why they are inactive", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V005", name: "刘洋" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_inactive_volunteer", severity: "error" });
    expect(problem!.zh).toContain("阳性，隔离中");
    expect(problem!.zh).toContain("“在册”改为“是”");
  });

  it("a volunteer whose roster row has an error: fix that row first (not 'unknown')", () => {
    const records = baseRecords();
    records.volunteers[0]!.phone = "1380013800";
    const result = validate({ volunteers: records.volunteers });
    expect(result.at("signups", rowOf(0))).toMatchObject([{ code: "signup_volunteer_excluded", severity: "error" }]);
    expect(result.at("signups", rowOf(0))[0]!.zh).toContain("第 2 行");
  });

  it("neither ID nor name is required_missing", () => {
    const { result, row } = validateWith("signups", [signup({ note: "楼下那位阿姨" })]);
    expect(result.at("signups", row)).toMatchObject([{ code: "required_missing", column: "volunteer_id" }]);
  });
});

describe("dates: not in the past, at most 7 days ahead", () => {
  it.each([
    ["明天", TOMORROW],
    ["4月19日", TOMORROW],
    ["2022/4/19", TOMORROW],
    ["4月19日(周二)", TOMORROW],
    ["周三", "2022-04-20"],
  ])("%j reads as %s", (date, iso) => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V006", date })]);
    expect(result.at("signups", row)).toEqual([]);
    expect(snapshotSignup(result, row)?.date).toBe(iso);
  });

  it("a past date is a warning: history is kept but never planned again", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V006", date: "4月17日" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "signup_date_past", severity: "warning", value: "4月17日" });
    expect(problem!.zh).toContain("2022-04-17");
  });

  it(`today + ${SIGNUP_DAYS_AHEAD} is fine, one day more is an error (a month typo, most likely)`, () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V006", date: "2022-04-25" }),
      signup({ volunteer_id: "V006", date: "2022-04-26" }),
      signup({ volunteer_id: "V006", date: "2022-05-19" }),
    ]);
    expect(result.at("signups", row)).toEqual([]);
    expect(result.at("signups", row + 1)).toMatchObject([{ code: "signup_date_too_far", severity: "error" }]);
    expect(result.at("signups", row + 2)[0]!.zh).toContain("月份");
  });

  it("an unreadable or ambiguous date carries the normalizer's advice", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V006", date: "04/05/2022" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "value_invalid", column: "date", severity: "error" });
    expect(problem!.zh).toContain("有歧义");
    expect(problem!.en).toContain("YYYY-MM-DD");
  });

  it("dates are judged against the community's today, not a clock", () => {
    const later = validate({}, { today: "2022-04-20" });
    expect(later.codes("signups")).toEqual([
      "signup_date_past",
      "signup_date_past",
      "signup_date_past",
      "signup_date_past",
    ]);
    expect(TODAY).toBe("2022-04-18");
  });
});

describe("the same volunteer twice for one date", () => {
  it("is merged into the first row with a warning on the second (AM + PM = all day)", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V006", availability: "上午", note: "自带推车" }),
      signup({ name: "张敏(3333)", availability: "下午 PM", note: "防护服要XL" }),
    ]);
    expect(result.at("signups", row)).toEqual([]);
    const [problem] = result.at("signups", row + 1);
    expect(problem).toMatchObject({ code: "signup_duplicate", severity: "warning" });
    expect(problem!.zh).toContain(`第 ${row} 行`);
    const merged = result.snapshot.signups.filter((s) => s.volunteerId === "V006");
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      availability: "all_day",
      note: "自带推车；防护服要XL",
      mergedRows: [expect.objectContaining({ rowNumber: row + 1 })],
    });
  });

  it("availability merges as a union", () => {
    expect(mergeAvailability("am", "am")).toBe("am");
    expect(mergeAvailability("am", "pm")).toBe("all_day");
    expect(mergeAvailability("pm", "all_day")).toBe("all_day");
  });

  it("the same volunteer on two different dates is two sign-ups", () => {
    const { result } = validateWith("signups", [
      signup({ volunteer_id: "V006" }),
      signup({ volunteer_id: "V006", date: "2022-04-20" }),
    ]);
    expect(result.snapshot.signups.filter((s) => s.volunteerId === "V006")).toHaveLength(2);
  });

  it("the first pin wins and the warning says so", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V004", date: "2022-04-20", pin: "P4" }),
      signup({ volunteer_id: "V004", date: "2022-04-20", pin: "P3" }),
    ]);
    expect(result.at("signups", row + 1)[0]!.zh).toContain("P4 为准");
    expect(result.snapshot.signups.find((s) => s.row.rowNumber === row)?.pin).toBe("P4");
  });
});

describe("pins to posts", () => {
  it("a pin to a post the volunteer has the role for is kept", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V004", date: "2022-04-20", pin: "p4" })]);
    expect(result.at("signups", row)).toEqual([]);
    expect(snapshotSignup(result, row)?.pin).toBe("P4");
  });

  it("a post's task name finds it when exactly one post has that task", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V004", date: "2022-04-20", pin: "核酸引导" }),
    ]);
    expect(snapshotSignup(result, row)?.pin).toBe("P3");
  });

  it("a route stage's ID or 包干 means any route; 待命 means standby", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V006", pin: "R3" }),
      signup({ volunteer_id: "V004", date: "2022-04-20", pin: "待命" }),
    ]);
    expect(snapshotSignup(result, row)?.pin).toBe("route");
    expect(snapshotSignup(result, row + 1)?.pin).toBe("standby");
  });

  it("a pin to a post that does not exist is a warning; the volunteer is planned without it", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V006", pin: "P9" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "pin_unknown_post", severity: "warning", column: "pin", value: "P9" });
    expect(problem!.zh).toContain("P1、P2、P3、P4");
    expect(snapshotSignup(result, row)?.pin).toBeNull();
  });

  it("a task name several posts share asks for the step ID", () => {
    const { result, row } = validateWith("signups", [
      signup({ volunteer_id: "V002", date: "2022-04-20", pin: "门口消杀分拣" }),
    ]);
    expect(result.at("signups", row)).toMatchObject([{ code: "pin_unknown_post" }]);
    expect(result.at("signups", row)[0]!.zh).toContain("P1 07:00–12:00");
  });

  it("a volunteer lacking the post's role: warning naming the role, pin dropped", () => {
    const { result, row } = validateWith("signups", [signup({ volunteer_id: "V006", pin: "P1" })]);
    const [problem] = result.at("signups", row);
    expect(problem).toMatchObject({ code: "pin_missing_role", severity: "warning" });
    expect(problem!.zh).toContain("门口消杀分拣");
    expect(problem!.zh).toContain("V006 张敏");
    expect(snapshotSignup(result, row)?.pin).toBeNull();
  });

  it("a pin to a post that runs on another date only", () => {
    const records = baseRecords();
    records.workflow.push({
      step: "P5",
      task: "核酸引导 PCR marshal",
      scope: "固定岗位 Fixed post",
      start: "07:00",
      end: "11:00",
      headcount: "2",
      date: "2022-04-21",
    });
    const result = validate({
      workflow: records.workflow,
      signups: [...records.signups, signup({ volunteer_id: "V006", pin: "P5" })],
    });
    expect(result.at("signups", rowOf(records.signups.length))).toMatchObject([{ code: "pin_not_that_day" }]);
  });

  it("a pin to a post whose workflow row has an error says to fix that row", () => {
    const records = baseRecords();
    records.workflow[6]!.headcount = "";
    const result = validate({
      workflow: records.workflow,
      signups: [...records.signups.slice(0, 1), signup({ volunteer_id: "V002", date: "2022-04-20", pin: "P1" })],
    });
    const [problem] = result.at("signups", rowOf(1));
    expect(problem).toMatchObject({ code: "pin_unknown_post", severity: "warning" });
    expect(problem!.zh).toContain("那一行有错误");
  });
});
