/**
 * Where each volunteer stands on a published day, from D1 alone: the effective answer (a "yes"
 * given before someone was moved to a declined post no longer counts for the new duty), who
 * replaced whom, and the Plan-tab row the sheet should show. Shared by publish, answer, replan
 * and the organizer's GET so the sheet and the API never disagree.
 */
import { localStamp } from "../domain/local-time.ts";
import type { Plan } from "../domain/plan/index.ts";
import type { AnswerRecord } from "../store/answers.ts";
import type { PlanChangeRecord } from "../store/publications.ts";
import { terms } from "../domain/glossary.ts";
import { say, type Language } from "../domain/language.ts";
import { postLabel, statusLabel } from "./plan-tab.ts";

export type EffectiveStatus = "pending" | "confirmed" | "declined";

export function effectiveStatus(
  volunteerId: string,
  answer: AnswerRecord | undefined,
  changes: readonly PlanChangeRecord[],
): EffectiveStatus {
  if (!answer) return "pending";
  if (answer.answer === "decline") return "declined";
  const movedSince = changes.some(
    (c) => c.volunteerId === volunteerId && c.change === "moved" && c.version > answer.version,
  );
  return movedSince ? "pending" : "confirmed";
}

/** A volunteer's name; the ID only when the name is unknown (IDs are the organizers' words). */
export function who(volunteerId: string, names: Readonly<Record<string, string>>): string {
  const name = names[volunteerId];
  return name && name !== volunteerId ? name : volunteerId;
}

/** The latest change naming this volunteer as the one replaced, or taking someone's place. */
export function replacement(
  volunteerId: string,
  changes: readonly PlanChangeRecord[],
): { replacedBy: string | null; replaces: string | null; left: boolean } {
  let replacedBy: string | null = null;
  let replaces: string | null = null;
  let left = false;
  for (const c of changes) {
    if (c.replaces === volunteerId) replacedBy = c.volunteerId;
    if (c.volunteerId === volunteerId && c.replaces) replaces = c.replaces;
    if (c.volunteerId === volunteerId) left = c.change === "left";
  }
  return { replacedBy, replaces, left };
}

/** The Plan tab's note column: who replaced whom, in the community's language. */
export function replacementNote(
  volunteerId: string,
  changes: readonly PlanChangeRecord[],
  names: Readonly<Record<string, string>>,
  language: Language,
): string {
  const r = replacement(volunteerId, changes);
  if (r.left && r.replacedBy) {
    const by = who(r.replacedBy, names);
    return say(language, { zh: `由${by}顶替`, en: `replaced by ${by}` });
  }
  if (r.left) return say(language, { zh: "已退出，不用另找人", en: "Left; no replacement needed" });
  if (r.replaces) {
    const whom = who(r.replaces, names);
    return say(language, { zh: `顶替${whom}`, en: `replaces ${whom}` });
  }
  return "";
}

export interface RowContext {
  names: Readonly<Record<string, string>>;
  /** Volunteer ID -> full link URL. */
  links: ReadonlyMap<string, string>;
  answers: ReadonlyMap<string, AnswerRecord>;
  changes: readonly PlanChangeRecord[];
  timeZone: string;
  language: Language;
}

/** Status, answered-at and note: what an answer or a replan changes on a row. */
export function statusCells(volunteerId: string, ctx: RowContext): Record<string, string> {
  const answer = ctx.answers.get(volunteerId);
  const status = effectiveStatus(volunteerId, answer, ctx.changes);
  return {
    status: statusLabel(status, ctx.language),
    answered_at: answer && status !== "pending" ? localStamp(answer.answeredAt, ctx.timeZone) : "",
    note: replacementNote(volunteerId, ctx.changes, ctx.names, ctx.language),
  };
}

/** The 变化 column: "原来 … → 现在 …" since the day was first published, or empty. */
export function changeText(plan: Plan, volunteerId: string, language: Language): string {
  const c = plan.changes?.find((x) => x.volunteerId === volunteerId);
  if (!c) return "";
  const none = terms.notOnPlan;
  return say(
    language,
    {
      zh: `原来 ${c.before?.zh ?? none.zh} → 现在 ${c.after?.zh ?? none.zh}`,
      en: `was ${c.before?.en ?? none.en} → now ${c.after?.en ?? none.en}`,
    },
    "; ",
  );
}

/** A full Plan-tab row for a volunteer on the plan. */
export function planRow(plan: Plan, volunteerId: string, ctx: RowContext): Record<string, string> {
  const a = plan.assignments.find((x) => x.volunteerId === volunteerId);
  return {
    date: plan.date,
    volunteer_id: volunteerId,
    name: ctx.names[volunteerId] ?? volunteerId,
    post: a ? postLabel(plan, volunteerId, ctx.language) : "—",
    buildings: a ? a.buildings.join("、") : "",
    start: a?.start ?? "",
    end: a?.end ?? "",
    link: ctx.links.get(volunteerId) ?? "",
    ...statusCells(volunteerId, ctx),
    change: changeText(plan, volunteerId, ctx.language),
  };
}

/**
 * Every row the Plan tab needs for a published version: a full row per volunteer on it, and for
 * everyone who left (declined) only status, answered-at and note, so the post they declined
 * stays readable.
 */
export function publishedRows(plan: Plan, ctx: RowContext): Array<Record<string, string>> {
  const on = new Set(plan.assignments.map((a) => a.volunteerId));
  const rows = plan.assignments.map((a) => planRow(plan, a.volunteerId, ctx));
  const gone = new Set(
    ctx.changes.filter((c) => c.change === "left" && !on.has(c.volunteerId)).map((c) => c.volunteerId),
  );
  for (const id of [...gone].sort()) {
    rows.push({
      date: plan.date,
      volunteer_id: id,
      ...statusCells(id, ctx),
      change: changeText(plan, id, ctx.language),
    });
  }
  return rows;
}
