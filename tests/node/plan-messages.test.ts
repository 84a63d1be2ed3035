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
    const person = (id: string, name: string, roles: string[] = []): VolunteerInput => ({
      id,
      name,
      age: 30,
      availability: "all_day",
      roles,
      homeBuilding: "1号楼",
    });
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
    expect(unfilled?.zh).toBe("张伟退出后，P4 培训带队没有合适的人顶替");
    expect(unfilled?.zh).not.toContain("V034");
  });
});
