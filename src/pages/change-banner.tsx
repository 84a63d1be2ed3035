/**
 * The banner on a volunteer's page when their duty changed after they were first told it (a
 * republish, or covering someone's decline): old and new duty side by side, and a request to
 * confirm again, since a "yes" given for the old duty does not count for the new one. It reads
 * the plan's carried changes (src/domain/plan/duty-changes.ts) and disappears once they confirm.
 *
 * @example
 * <ChangeBanner view={view} />
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

export function ChangeBanner({ view }: { view: VolunteerView }) {
  const text = changeBannerText(view);
  return text ? (
    <section class="status pending" role="alert">
      <p class="big">{text}</p>
    </section>
  ) : null;
}
