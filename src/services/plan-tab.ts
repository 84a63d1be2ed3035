/**
 * The Plan tab's rows for a plan: one per volunteer on it, in the community's language, plus a
 * "removed" row for anyone the previous version had and this one does not, so the sheet never
 * shows a stale duty.
 */
import { chineseOnly } from "../domain/broadcast.ts";
import { routeLabel, terms } from "../domain/glossary.ts";
import { say, type Bilingual, type Language } from "../domain/language.ts";
import type { Plan } from "../domain/plan/index.ts";

export type PlanRowStatus = "draft" | "pending" | "confirmed" | "declined" | "at_risk" | "replaced";

const statusTerms: Record<PlanRowStatus, Bilingual> = {
  draft: terms.draft,
  pending: terms.pending,
  confirmed: terms.confirmed,
  declined: terms.declined,
  // The morning reminder's mark for a link nobody answered (glossary: not 有风险).
  at_risk: terms.unanswered,
  replaced: terms.replaced,
};

/** A status as the Plan tab shows it, in the community's language. */
export function statusLabel(status: PlanRowStatus, language: Language): string {
  return say(language, statusTerms[status]);
}

/** A volunteer's duty in both languages: "东区 3号楼（包干）", "门口消杀分拣", "待命"; null when off the plan. */
export function postTerm(plan: Plan, volunteerId: string): Bilingual | null {
  const a = plan.assignments.find((x) => x.volunteerId === volunteerId);
  if (!a) return null;
  if (a.kind === "standby") return terms.standby;
  if (a.kind === "post") {
    const post = plan.posts.find((p) => p.id === a.postId);
    return post ? { zh: chineseOnly(post.zh), en: post.en } : { zh: a.postId ?? "", en: a.postId ?? "" };
  }
  const route = plan.routes.find((r) => r.volunteerIds.includes(volunteerId));
  return routeLabel(route?.zone ?? "", a.buildings);
}

/** A duty as the Plan tab shows it, in the community's language. */
export function postLabel(plan: Plan, volunteerId: string, language: Language): string {
  const term = postTerm(plan, volunteerId);
  return term ? say(language, term) : "";
}

export function planTabRows(
  plan: Plan,
  names: ReadonlyMap<string, string>,
  previous: Plan | null,
  status: PlanRowStatus,
  language: Language,
): Array<Record<string, string>> {
  const rows = plan.assignments.map((a) => ({
    date: plan.date,
    volunteer_id: a.volunteerId,
    name: names.get(a.volunteerId) ?? a.volunteerId,
    post: postLabel(plan, a.volunteerId, language),
    buildings: a.buildings.join("、"),
    start: a.start,
    end: a.end,
    status: statusLabel(status, language),
  }));
  const current = new Set(plan.assignments.map((a) => a.volunteerId));
  for (const a of previous?.assignments ?? []) {
    if (current.has(a.volunteerId)) continue;
    rows.push({
      date: plan.date,
      volunteer_id: a.volunteerId,
      name: names.get(a.volunteerId) ?? a.volunteerId,
      post: "—",
      buildings: "",
      start: "",
      end: "",
      status: say(language, terms.removed),
    });
  }
  return rows;
}
