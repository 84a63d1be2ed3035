/**
 * The Plan tab's rows for a plan: one per volunteer on it, in Chinese and English, plus a
 * "removed" row for anyone the previous version had and this one does not, so the sheet never
 * shows a stale duty.
 */
import type { Plan } from "../domain/plan/index.ts";

export type PlanRowStatus = "draft" | "pending" | "confirmed" | "declined" | "at_risk" | "replaced";

export const statusLabels: Record<PlanRowStatus, string> = {
  draft: "草稿 Draft",
  pending: "待确认 Pending",
  confirmed: "已确认 Confirmed",
  declined: "不能来 Declined",
  at_risk: "有风险 At risk",
  replaced: "已替换 Replaced",
};

/** "包干路线 东区-1 Route", "门口消杀分拣 Gate sorting", "待命 Standby". */
export function postLabel(plan: Plan, volunteerId: string): string {
  const a = plan.assignments.find((x) => x.volunteerId === volunteerId);
  if (!a) return "";
  if (a.kind === "standby") return "待命 Standby";
  if (a.kind === "post") {
    const post = plan.posts.find((p) => p.id === a.postId);
    return post ? `${post.zh} ${post.en}` : (a.postId ?? "");
  }
  const route = plan.routes.find((r) => r.volunteerIds.includes(volunteerId));
  return `包干路线 ${route?.id ?? ""} Route`.replace(/\s+/g, " ");
}

export function planTabRows(
  plan: Plan,
  names: ReadonlyMap<string, string>,
  previous: Plan | null,
  status: PlanRowStatus,
): Array<Record<string, string>> {
  const rows = plan.assignments.map((a) => ({
    date: plan.date,
    volunteer_id: a.volunteerId,
    name: names.get(a.volunteerId) ?? a.volunteerId,
    post: postLabel(plan, a.volunteerId),
    buildings: a.buildings.join("、"),
    start: a.start,
    end: a.end,
    status: statusLabels[status],
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
      status: "已移出 Removed",
    });
  }
  return rows;
}
