/**
 * What a volunteer's page says when their duty changed after they were first told it (a
 * republish, or covering someone's decline): old and new duty side by side, and a request to
 * confirm again, since a "yes" given for the old duty does not count for the new one. It heads
 * the page's status box (one yellow box, not two), read from the plan's carried changes
 * (src/domain/plan/duty-changes.ts), and is gone once they confirm.
 */
import type { VolunteerView } from "./volunteer-page.tsx";

export function changeBannerText(view: Pick<VolunteerView, "lang" | "plan" | "status" | "assignment">): string | null {
  if (view.status !== "pending" || !view.assignment) return null;
  const change = view.plan.changes?.find((c) => c.volunteerId === view.assignment!.volunteerId);
  if (!change?.after) return null;
  const { lang } = view;
  if (!change.before) {
    return lang === "zh"
      ? `你有新的岗位：${change.after.zh}，请确认。`
      : `You have a new duty: ${change.after.en}. Please confirm.`;
  }
  return lang === "zh"
    ? `你的岗位有变化：原来${change.before.zh}，现在${change.after.zh}，请重新确认。`
    : `Your duty changed: it was ${change.before.en}, now it is ${change.after.en}. Please confirm again.`;
}
