/**
 * The plan's sentences (src/domain/plan/messages.ts) in plain Chinese as a Shanghai resident reads
 * them: the glossary's one word per thing, people by name, no English inside the Chinese.
 */
import { describe, expect, it } from "vitest";
import { terms } from "../../src/domain/glossary.ts";
import { roleTitle, taskTitle, text } from "../../src/domain/plan/messages.ts";
import { planDay, replan, type VolunteerInput } from "../../src/domain/plan/index.ts";
import { texts } from "../../src/pages/volunteer-texts.ts";
import { demoSupplies, demoWorkflow } from "./plan-fixtures.ts";

const latin = /[A-Za-z]/;

const person = (id: string, name: string, roles: string[] = []): VolunteerInput => ({
  id,
  name,
  age: 30,
  availability: "all_day",
  roles,
  homeBuilding: "1号楼",
});

describe("the plan's sentences", () => {
  it("call a parcel round 第…轮快递 as the glossary does, never 波", () => {
    const notice = text.waveWithoutRound(2);
    expect(notice.zh).toContain("第二轮快递");
    expect(notice.zh).not.toContain("波");
    expect(texts.zh.noParcels).not.toContain("波");
  });

  it("keep English out of the Chinese", () => {
    expect(text.pinUnknown("明天").zh).toBe("指定的“明天”不是岗位、楼栋、“包干”或“待命”");
    expect(text.loadAboveOptimum("continuity_slack", 300).zh).not.toMatch(latin);
  });

  it("give the gate crew and the organizers one name each, the glossary's", () => {
    expect(roleTitle("gate").zh).toBe(terms.gateCrew.zh);
    expect(taskTitle("gate_sort").zh).toBe(terms.gateCrew.zh);
    expect(texts.zh.notGate).toContain(terms.gateCrew.zh);
    expect(texts.zh.rollUncovered(["8号楼"])).toContain(terms.organizer.zh);
    for (const s of [texts.zh.notGate, texts.zh.rollUncovered(["8号楼"])]) {
      expect(s).not.toMatch(/门岗|门口组|管理员/);
    }
  });

  it("name the person who left a place nobody could fill, never their ID", () => {
    const date = "2022-04-19";
    const input = {
      date,
      seed: 1,
      buildings: [{ id: "1号楼", zone: "东区", households: 100, routeOrder: 1 }],
      volunteers: [person("V034", "张伟", ["trainer"]), person("V035", "李娜")],
      workflow: demoWorkflow(date).filter((s) => s.scope === "route" || s.id === "P4"),
      parcels: [],
      supplies: demoSupplies(),
    };
    const plan = planDay(input);
    expect(plan.posts.find((p) => p.id === "P4")?.volunteerIds).toEqual(["V034"]);
    const after = replan(plan, input, { kind: "decline", volunteerId: "V034" }, { names: { V034: "张伟" } }).plan;
    const unfilled = after.warnings.find((w) => w.code === "vacancy_unfilled");
    expect(unfilled?.zh).toBe("张伟退出后，07:00–08:00 培训带队没有合适的人顶替");
    expect(unfilled?.zh).not.toContain("V034");
  });

  // Step codes (P1, P2, R3) are the workflow tab's row keys: an organizer reading the console or a
  // captain reading a forwarded warning knows a duty by its name and times, and the gate crew's two
  // shifts share one name, so the times are what tells them apart.
  it("name a post nobody could fill by its times and name, never its step code", () => {
    const date = "2022-04-19";
    const input = {
      date,
      seed: 1,
      buildings: [{ id: "1号楼", zone: "东区", households: 100, routeOrder: 1 }],
      volunteers: [person("V034", "张伟", ["gate"]), person("V035", "李娜"), person("V036", "王芳")],
      // One gate volunteer per shift: 张伟 holds both (one block), and nobody else has the role.
      workflow: demoWorkflow(date)
        .filter((s) => s.scope === "route" || s.task === "gate_sort")
        .map((s) => (s.scope === "post" ? { ...s, headcount: 1 } : s)),
      parcels: [],
      supplies: demoSupplies(),
    };
    const plan = planDay(input);
    expect(plan.posts.map((p) => [p.id, p.volunteerIds])).toEqual([
      ["P1", ["V034"]],
      ["P2", ["V034"]],
    ]);
    const after = replan(plan, input, { kind: "decline", volunteerId: "V034" }, { names: { V034: "张伟" } }).plan;
    const unfilled = after.warnings.filter((w) => w.code === "vacancy_unfilled");
    expect(unfilled.map((w) => w.zh)).toEqual([
      "张伟退出后，07:00–12:00 门口消杀分拣没有合适的人顶替",
      "张伟退出后，12:00–17:00 门口消杀分拣没有合适的人顶替",
    ]);
    expect(unfilled.map((w) => w.en)).toEqual([
      "Gate sorting 07:00–12:00: nobody fits the place 张伟 left",
      "Gate sorting 12:00–17:00: nobody fits the place 张伟 left",
    ]);
    // The console's shortfalls say the same posts the same way.
    const posts = after.shortfalls.filter((s) => s.need === "post");
    expect(posts.map((s) => s.zh)).toEqual([
      "07:00–12:00 门口消杀分拣 还缺 1 人：需要上午或全天有“门口消杀分拣”角色的志愿者",
      "12:00–17:00 门口消杀分拣 还缺 1 人：需要下午或全天有“门口消杀分拣”角色的志愿者",
    ]);
    expect(posts[0]!.en).toBe(
      "Gate sorting 07:00–12:00 is 1 short: needs AM (or all-day) volunteer(s) with the gate crew role",
    );
    for (const s of [...after.warnings, ...after.shortfalls]) {
      expect(`${s.zh} ${s.en}`).not.toMatch(/\b[PR]\d+\b|V0\d\d/);
      expect(s.zh).not.toMatch(latin);
    }
  });

  it("name a short-handed route by its zone and buildings, never its route ID", () => {
    const date = "2022-04-19";
    const input = {
      date,
      seed: 1,
      // 300 households need two people on the one route.
      buildings: [{ id: "1号楼", zone: "东区", households: 300, routeOrder: 1 }],
      volunteers: [person("V035", "李娜"), person("V036", "王芳")],
      workflow: demoWorkflow(date).filter((s) => s.scope === "route"),
      parcels: [],
      supplies: demoSupplies(),
    };
    const plan = planDay(input);
    expect(plan.routes.map((r) => [r.id, r.volunteerIds])).toEqual([["东区/1号楼", ["V035", "V036"]]]);
    const after = replan(plan, input, { kind: "decline", volunteerId: "V036" }, { names: { V036: "王芳" } }).plan;
    const short = after.shortfalls.find((s) => s.need === "route");
    expect(short?.zh).toBe("东区 1号楼（包干）人手不够：还需 1 名全天志愿者");
    expect(short?.en).toBe("Route 东区: 1号楼 short-handed: 1 more all-day volunteer(s) needed");
  });

  it("name someone a decline finds off the plan, never their ID", () => {
    const date = "2022-04-19";
    const input = {
      date,
      seed: 1,
      buildings: [{ id: "1号楼", zone: "东区", households: 100, routeOrder: 1 }],
      // 赵强 signed up but is over the age limit: never on the plan.
      volunteers: [person("V035", "李娜"), { ...person("V037", "赵强"), age: 70 }],
      workflow: demoWorkflow(date).filter((s) => s.scope === "route"),
      parcels: [],
      supplies: demoSupplies(),
    };
    const plan = planDay(input);
    expect(plan.assignments.map((a) => a.volunteerId)).toEqual(["V035"]);
    const notice = replan(plan, input, { kind: "decline", volunteerId: "V037" }).plan.warnings.find(
      (w) => w.code === "decline_not_in_plan",
    );
    expect(notice?.zh).toBe("赵强不在原计划中，无需调整");
    expect(notice?.en).toBe("赵强 is not in the plan; nothing to change");
  });
});
