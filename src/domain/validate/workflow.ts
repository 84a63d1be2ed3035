/**
 * Workflow tab rules: the day's route stages and the fixed posts.
 *
 * A route volunteer does every stage in turn inside one protective suit, so the route stages that
 * apply on one day must not overlap (error on every step involved: which time is right is the
 * organizer's call) and should join up without gaps (warning). Stages are planned in start-time
 * order; when the sheet lists them in another order the organizer is warned, since people read the
 * sheet top to bottom. Posts run beside routes and may overlap anything.
 *
 * Days follow the engine's rule for dated steps: a step with a date applies only that day and
 * there replaces the undated steps of the same scope it overlaps (the PCR queue on screening day
 * takes the antigen slot). So the undated stages are checked as "every day", and each date's
 * dated stages against each other and against the undated stages they leave in place.
 */
import { taskValues, roleValues, scopeValues, workflowStepSchema, type WorkflowStep } from "../model.ts";
import { normalizeDate, normalizeTime, optionMatcher, parseInteger, type TimeOfDay } from "../normalize.ts";
import { manifestOptions, roleSynonyms, waveSynonyms } from "./manifest.ts";
import {
  accept,
  groupBy,
  hasError,
  idKey,
  isBlank,
  raw,
  readCell,
  readText,
  report,
  reportInvalid,
  rowNumbers,
  startRow,
  type RowInput,
  type RowState,
} from "./row.ts";

interface StepDraft {
  row: RowState;
  id: string | undefined;
  task: string | undefined;
  scope: string | undefined;
  start: TimeOfDay | undefined;
  end: TimeOfDay | undefined;
  headcount: number | null;
  role: string | null;
  wave: number | null;
  place: string | null;
  date: string | null;
  note: string;
}

/** A step that passed its own row's rules, with its times known. */
interface TimedStep extends StepDraft {
  id: string;
  start: TimeOfDay;
  end: TimeOfDay;
}

export interface WorkflowOutcome {
  rows: RowState[];
  steps: WorkflowStep[];
  /** idKey of every step ID typed on a row that has an error (so a pin to it can say so). */
  excludedIds: Set<string>;
}

/** Sheets made before the glossary fixed one word for PCR duty still say 核酸秩序. */
export const taskSynonyms = { pcr: ["核酸秩序"] } as const;
const taskOf = optionMatcher(manifestOptions("workflow", "task"), taskSynonyms);
const scopeOf = optionMatcher(manifestOptions("workflow", "scope"));
const roleOf = optionMatcher(manifestOptions("workflow", "role"), roleSynonyms);
const waveOf = optionMatcher(manifestOptions("workflow", "wave"), waveSynonyms);

function readDraft(input: RowInput, today: string, monthFirst: boolean): StepDraft {
  const row = startRow("workflow", input);
  const id = readText(row, "step", { identifier: true });
  const task = readCell(row, "task", taskOf);
  const scope = readCell(row, "scope", scopeOf);
  const start = readCell(row, "start", normalizeTime);
  const end = readCell(row, "end", normalizeTime);
  if (start && end && end.minutes <= start.minutes) {
    report(row, {
      code: "workflow_end_before_start",
      severity: "error",
      column: "end",
      zh: `结束时间 ${end.hhmm} 不晚于开始时间 ${start.hhmm}：请改正时间（一个环节不能跨过午夜）。`,
      en: `The end ${end.hhmm} is not after the start ${start.hhmm}: correct the times (a step cannot cross midnight).`,
    });
  }
  // A post's headcount says how many people to put there; without it nobody would be.
  const isPost = scope === "post";
  let headcount = readCell(row, "headcount", parseInteger, { onInvalid: isPost ? "error" : "ignore" }) ?? null;
  if (headcount !== null && headcount <= 0) {
    headcount = null;
    reportInvalid(
      row,
      "headcount",
      { zh: "人数要至少是 1。", en: "The headcount must be at least 1." },
      { onInvalid: isPost ? "error" : "ignore" },
    );
  } else if (headcount === null && isPost && isBlank(raw(row, "headcount"))) {
    report(row, {
      code: "headcount_missing",
      severity: "error",
      column: "headcount",
      zh: "固定岗位要写需要几个人：请在“人数”一栏填一个数字，例如 6。",
      en: "A fixed post needs a headcount: write how many people it takes, e.g. 6.",
    });
  }
  const role = readCell(row, "role", roleOf) ?? null;
  const waveText = readCell(row, "wave", waveOf);
  const date = readCell(row, "date", (t) => normalizeDate(t, { today, monthFirst })) ?? null;
  return {
    row,
    id,
    task,
    scope,
    start,
    end,
    headcount,
    role,
    wave: waveText === undefined ? null : Number(waveText),
    place: readText(row, "place") ?? null,
    date,
    note: readText(row, "note") ?? "",
  };
}

function duplicateSteps(drafts: readonly StepDraft[]): void {
  for (const group of groupBy(drafts, (d) => (d.id === undefined ? undefined : idKey(d.id))).values()) {
    if (group.length < 2) continue;
    const where = rowNumbers(group.map((d) => d.row));
    for (const d of group) {
      report(d.row, {
        code: "duplicate_step",
        severity: "error",
        column: "step",
        zh: `编号 ${d.id} 重复（${where.zh}），这几行都不会用：每个环节一个编号，请改掉其中一个。`,
        en: `Step ID ${d.id} appears more than once (${where.en}), so none of these rows is used: give each step its own ID.`,
      });
    }
  }
}

function overlaps(a: TimedStep, b: TimedStep): boolean {
  return a.start.minutes < b.end.minutes && b.start.minutes < a.end.minutes;
}

function span(s: TimedStep): string {
  return `${s.id} ${s.start.hhmm}–${s.end.hhmm}`;
}

/** Route steps whose day sets overlap get an error each, naming the steps they clash with. */
function routeOverlaps(routes: readonly TimedStep[]): Set<TimedStep> {
  const partners = new Map<TimedStep, TimedStep[]>();
  const pair = (a: TimedStep, b: TimedStep): void => {
    partners.set(a, [...(partners.get(a) ?? []), b]);
    partners.set(b, [...(partners.get(b) ?? []), a]);
  };
  // Steps that can run on the same day: two undated ones, or two dated the same day. An undated
  // step overlapped by a dated one is replaced that day, never run beside it.
  const groups = groupBy(routes, (s) => s.date ?? "every day");
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (overlaps(group[i]!, group[j]!)) pair(group[i]!, group[j]!);
      }
    }
  }
  for (const [step, others] of partners) {
    const names = others.map(span).join("、");
    report(step.row, {
      code: "workflow_overlap",
      severity: "error",
      column: "start",
      zh: `${span(step)} 和 ${names} 时间重叠，这几个环节都不会用：包干路线的环节要一个接一个做（一人一天只穿一次防护服），请改开始或结束时间；如果只是某一天替换，请在“日期”一栏写上那天。`,
      en: `${span(step)} overlaps ${others.map(span).join(", ")}, so these steps are not used: route steps run one after another (one protective suit a day); change a start or end time, or if one replaces another on a single day, write that date in its Date column.`,
    });
  }
  return new Set(partners.keys());
}

/** The route steps that run on each kind of day: "every day" plus each date with dated steps. */
function daySets(routes: readonly TimedStep[]): TimedStep[][] {
  const bySheetRow = (a: TimedStep, b: TimedStep): number => a.row.ref.rowNumber - b.row.ref.rowNumber;
  const undated = routes.filter((s) => s.date === null).sort(bySheetRow);
  const sets = [undated];
  for (const dated of groupBy(routes, (s) => s.date ?? undefined).values()) {
    const kept = undated.filter((u) => !dated.some((d) => overlaps(d, u)));
    // Sheet order, for the order check.
    sets.push([...dated, ...kept].sort(bySheetRow));
  }
  return sets;
}

function orderAndGaps(routes: readonly TimedStep[]): void {
  const warned = new Set<string>();
  const once = (code: string, step: TimedStep, warn: () => void): void => {
    const key = `${code}\u001f${step.row.ref.rowNumber}`;
    if (warned.has(key)) return;
    warned.add(key);
    warn();
  };
  for (const set of daySets(routes)) {
    let latest: TimedStep | undefined;
    for (const step of set) {
      if (latest && step.start.minutes < latest.start.minutes) {
        const before = latest;
        once("workflow_order", step, () =>
          report(step.row, {
            code: "workflow_order",
            severity: "warning",
            column: "start",
            zh: `${step.id}（${step.start.hhmm} 开始）排在 ${before.id}（${before.start.hhmm} 开始）后面：系统按开始时间安排，请把这一行移到 ${before.id} 前面，免得大家看错顺序。`,
            en: `${step.id} (starts ${step.start.hhmm}) is listed after ${before.id} (starts ${before.start.hhmm}): plans follow start times, so move this row above ${before.id} to keep the sheet readable.`,
          }),
        );
      }
      if (!latest || step.start.minutes >= latest.start.minutes) latest = step;
    }
    const byTime = [...set].sort((a, b) => a.start.minutes - b.start.minutes);
    for (let i = 1; i < byTime.length; i++) {
      const prev = byTime[i - 1]!;
      const step = byTime[i]!;
      const gap = step.start.minutes - prev.end.minutes;
      if (gap <= 0) continue;
      once("workflow_gap", step, () =>
        report(step.row, {
          code: "workflow_gap",
          severity: "warning",
          column: "start",
          zh: `${prev.id} ${prev.end.hhmm} 结束，${step.id} ${step.start.hhmm} 才开始，中间空了 ${gap} 分钟：志愿者一天只穿一次防护服，只能穿着等；请把时间接上，或确认这是有意的。`,
          en: `${prev.id} ends ${prev.end.hhmm} but ${step.id} starts ${step.start.hhmm}, a ${gap}-minute gap: volunteers wear one suit all day and would wait in it; join the times up unless this is intended.`,
        }),
      );
    }
  }
}

/** Reads every workflow row and checks each day's route stages against each other. */
export function validateWorkflow(inputs: readonly RowInput[], today: string, monthFirst = false): WorkflowOutcome {
  const drafts = inputs.map((input) => readDraft(input, today, monthFirst));
  duplicateSteps(drafts);
  const routes = drafts.filter(
    (d): d is TimedStep =>
      !hasError(d.row) && d.scope === "route" && d.id !== undefined && d.start !== undefined && d.end !== undefined,
  );
  const clashing = routeOverlaps(routes);
  orderAndGaps(routes.filter((s) => !clashing.has(s)));
  const steps: WorkflowStep[] = [];
  const excludedIds = new Set<string>();
  for (const d of drafts) {
    const step = accept(d.row, workflowStepSchema, {
      row: d.row.ref,
      id: d.id ?? "",
      task: (d.task ?? "") as (typeof taskValues)[number],
      scope: (d.scope ?? "") as (typeof scopeValues)[number],
      start: d.start?.hhmm ?? "",
      end: d.end?.hhmm ?? "",
      headcount: d.headcount,
      role: d.role as (typeof roleValues)[number] | null,
      wave: d.wave as 1 | 2 | null,
      place: d.place,
      date: d.date,
      note: d.note,
    });
    if (step) steps.push(step);
    else if (d.id !== undefined) excludedIds.add(idKey(d.id));
  }
  return { rows: drafts.map((d) => d.row), steps, excludedIds };
}
