/**
 * From a loaded duty to what the volunteer page shows: names instead of IDs, the answer as the
 * community's clock reads it, team mates by name only, and whether answering is still open.
 */
import { localStamp } from "../domain/local-time.ts";
import { replacement, who } from "../services/day-status.ts";
import type { Duty } from "../services/answer.ts";
import type { VolunteerView } from "./volunteer-page.tsx";
import type { Lang } from "./volunteer-texts.ts";

export function volunteerView(
  duty: Duty,
  options: { lang: Lang; now: number; code: string; token: string },
): VolunteerView {
  const { link, publication, assignment, answer, plan } = duty;
  const names = publication.details.names;
  const r = replacement(link.volunteerId, duty.changes);
  const route = assignment?.kind === "route" ? plan.routes.find((x) => x.id === assignment.postId) : undefined;
  const langQuery = (lang: Lang) => (lang === "zh" ? "" : "?lang=en");
  const other: Lang = options.lang === "zh" ? "en" : "zh";
  return {
    lang: options.lang,
    communityName: publication.details.communityName,
    date: link.date,
    name: names[link.volunteerId] ?? link.volunteerId,
    status: duty.status,
    movedSinceAnswer: duty.status === "pending" && answer?.answer === "confirm",
    answeredAt: answer && duty.status !== "pending" ? localStamp(answer.answeredAt, duty.community.timeZone) : null,
    reason: answer?.answer === "decline" ? answer.reason : "",
    replacedBy: r.replacedBy ? who(r.replacedBy, names) : null,
    replaces: r.replaces ? who(r.replaces, names) : null,
    left: r.left,
    assembly: publication.details.assembly,
    plan,
    assignment,
    team: (route?.volunteerIds ?? []).filter((id) => id !== link.volunteerId).map((id) => names[id] ?? id),
    canAnswer: options.now < duty.cutoff,
    cutoffTime: assignment?.start ?? publication.details.assembly?.start ?? null,
    action: `/c/${options.code}${langQuery(options.lang)}`,
    token: options.token,
    calendarHref: assignment ? `/c/${options.code}/calendar.ics` : null,
    otherLangHref: `/c/${options.code}?lang=${other}`,
  };
}
