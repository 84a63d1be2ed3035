/**
 * Workflow tab: a route volunteer does the day's stages in one protective suit, so route stages of
 * one day may not overlap; the sheet should list them in time order and without gaps. Posts run
 * beside routes and may overlap anything. Dated stages replace the undated ones they overlap.
 */
import { describe, expect, it } from "vitest";
import { baseRecords, rowOf, validate, type Cells } from "./validate-fixtures.ts";

function withWorkflow(edit: (rows: Cells[]) => void) {
  const records = baseRecords();
  edit(records.workflow);
  return validate({ workflow: records.workflow });
}

describe("a workflow row", () => {
  it("reads Chinese times, dropdown labels and waves", () => {
    const result = withWorkflow((rows) => {
      rows[1] = { ...rows[1]!, start: "8点", end: "上午9点" };
      rows[2] = { ...rows[2]!, start: "9：00", end: "11点" };
    });
    expect(result.problems).toEqual([]);
    expect(result.snapshot.workflow.find((s) => s.id === "R2")).toMatchObject({
      start: "08:00",
      end: "09:00",
      task: "garbage",
    });
    expect(result.snapshot.workflow.find((s) => s.id === "R3")).toMatchObject({ wave: 1, scope: "route" });
    expect(result.snapshot.workflow.find((s) => s.id === "P1")).toMatchObject({
      scope: "post",
      headcount: 6,
      role: "gate",
      place: "小区大门 Main gate",
    });
  });

  it("the demo's dated PCR queue replaces the antigen slot that day: no overlap", () => {
    const result = validate();
    expect(result.codes("workflow")).toEqual([]);
    expect(result.snapshot.workflow.find((s) => s.id === "R5")?.date).toBe("2022-04-21");
  });

  it("an ambiguous time ('2点' could be 02:00 or 14:00) carries the normalizer's advice", () => {
    const result = withWorkflow((rows) => {
      rows[5] = { ...rows[5]!, end: "3点" };
    });
    const [problem] = result.at("workflow", rowOf(5));
    expect(problem).toMatchObject({ code: "value_invalid", column: "end", severity: "error" });
    expect(problem!.zh).toContain("15:00");
  });

  it("an end not after the start is an error", () => {
    const result = withWorkflow((rows) => {
      rows[1] = { ...rows[1]!, start: "09:00", end: "08:00" };
    });
    expect(result.at("workflow", rowOf(1))).toMatchObject([{ code: "workflow_end_before_start", severity: "error" }]);
  });

  it("a post without a headcount is an error; a route stage needs none", () => {
    const result = withWorkflow((rows) => {
      rows[6] = { ...rows[6]!, headcount: "" };
    });
    expect(result.at("workflow", rowOf(6))).toMatchObject([{ code: "headcount_missing", severity: "error" }]);
    expect(result.at("workflow", rowOf(0))).toEqual([]);
  });

  it("the same step ID twice is an error on both rows", () => {
    const result = withWorkflow((rows) => {
      rows[7] = { ...rows[7]!, step: "P1" };
    });
    expect(result.codesAt("workflow", rowOf(6))).toEqual(["duplicate_step"]);
    expect(result.codesAt("workflow", rowOf(7))).toEqual(["duplicate_step"]);
  });
});

describe("route stages of one day", () => {
  it("overlapping stages are an error on each, naming the other", () => {
    const result = withWorkflow((rows) => {
      rows[2] = { ...rows[2]!, start: "08:30" };
    });
    const r2 = result.at("workflow", rowOf(1));
    const r3 = result.at("workflow", rowOf(2));
    expect(r2).toMatchObject([{ code: "workflow_overlap", severity: "error" }]);
    expect(r3).toMatchObject([{ code: "workflow_overlap", severity: "error" }]);
    expect(r3[0]!.zh).toContain("R2 08:00–09:00");
    expect(result.snapshot.workflow.map((s) => s.id)).not.toContain("R3");
  });

  it("two stages dated the same day may not overlap either", () => {
    const result = withWorkflow((rows) => {
      rows.push({
        step: "R7",
        task: "发抗原 Antigen kits",
        scope: "包干路线 Route",
        start: "12:00",
        end: "13:00",
        date: "2022-04-21",
      });
    });
    expect(result.codesAt("workflow", rowOf(4))).toEqual(["workflow_overlap"]);
    expect(result.codesAt("workflow", rowOf(10))).toEqual(["workflow_overlap"]);
    // The undated antigen slot is replaced on that day, not clashing.
    expect(result.at("workflow", rowOf(3))).toEqual([]);
  });

  it("posts may overlap routes and each other", () => {
    const result = withWorkflow((rows) => {
      rows.push({
        step: "P5",
        task: "门口消杀分拣 Gate sorting",
        scope: "固定岗位 Fixed post",
        start: "08:00",
        end: "12:00",
        headcount: "2",
      });
    });
    expect(result.codes("workflow")).toEqual([]);
  });

  it("stages listed out of time order: a warning, planned by start time", () => {
    const result = withWorkflow((rows) => {
      [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    });
    const [problem] = result.at("workflow", rowOf(2));
    expect(problem).toMatchObject({ code: "workflow_order", severity: "warning" });
    expect(problem!.zh).toContain("R2");
    expect(result.snapshot.workflow.map((s) => s.id)).toContain("R2");
  });

  it("a gap between stages is a warning (volunteers would wait in their suit)", () => {
    const result = withWorkflow((rows) => {
      rows[5] = { ...rows[5]!, start: "14:00", end: "16:00" };
    });
    const [problem] = result.at("workflow", rowOf(5));
    expect(problem).toMatchObject({ code: "workflow_gap", severity: "warning" });
    expect(problem!.zh).toContain("60 分钟");
  });
});
