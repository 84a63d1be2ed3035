/**
 * From a loaded duty to what the volunteer page shows: names instead of IDs, the answer as the
 * community's clock reads it, team mates by name only, and whether answering is still open.
 */
import { chineseOnly } from "../domain/broadcast.ts";
import { localStamp, localTimeToEpoch } from "../domain/local-time.ts";
import { replacement, who } from "../services/day-status.ts";
import type { Duty } from "../services/answer.ts";
import { trainingNote } from "./training-note.tsx";
import type { VolunteerView } from "./volunteer-page.tsx";
import type { Lang } from "./volunteer-texts.ts";

export function volunteerView(
  duty: Duty,
  options: { lang: Lang; now: number; code: string; token: string },
): VolunteerView {
  const { link, publication, assignment, answer } = duty;
  // In Chinese a community's own words typed in both languages ("居委会 Committee office") read
  // in Chinese only; the setting's point is that no English sentence appears.
  const local = (text: string) => (options.lang === "zh" ? chineseOnly(text) : text);
  const plan =
    options.lang === "zh"
      ? { ...duty.plan, posts: duty.plan.posts.map((p) => ({ ...p, place: p.place === null ? null : local(p.place) })) }
      : duty.plan;
  const assembly = publication.details.assembly;
  const names = publication.details.names;
  const r = replacement(link.volunteerId, duty.changes);
  const route = assignment?.kind === "route" ? plan.routes.find((x) => x.id === assignment.postId) : undefined;
  const langQuery = (lang: Lang) => (lang === "zh" ? "" : "?lang=en");
  const other: Lang = options.lang === "zh" ? "en" : "zh";
  return {
    lang: options.lang,
    communityName: local(publication.details.communityName),
    date: link.date,
    name: names[link.volunteerId] ?? link.volunteerId,
    status: duty.status,
    movedSinceAnswer: duty.status === "pending" && answer?.answer === "confirm",
    answeredAt: answer && duty.status !== "pending" ? localStamp(answer.answeredAt, duty.community.timeZone) : null,
    reason: answer?.answer === "decline" ? answer.reason : "",
    replacedBy: r.replacedBy ? who(r.replacedBy, names) : null,
    replaces: r.replaces ? who(r.replaces, names) : null,
    left: r.left,
    assembly: assembly && { ...assembly, place: assembly.place && local(assembly.place), note: local(assembly.note) },
    plan,
    assignment,
    captains: captainsFor(duty, route?.zone ?? null),
    team: (route?.volunteerIds ?? []).filter((id) => id !== link.volunteerId).map((id) => names[id] ?? id),
    canAnswer: options.now < duty.cutoff,
    cutoffTime: assignment || publication.details.assembly ? duty.arriveBy : null,
    arriveEarly: duty.community.settings.arriveEarlyMinutes > 0 && assignment ? duty.arriveBy : null,
    action: `/c/${options.code}${langQuery(options.lang)}`,
    token: options.token,
    calendarHref: assignment ? `/c/${options.code}/calendar.ics` : null,
    otherLangHref: duty.community.language === "zh+en" ? `/c/${options.code}?lang=${other}` : null,
    trainingNote: trainingNote(
      plan,
      link.volunteerId,
      names,
      local,
      (end) => options.now >= localTimeToEpoch(link.date, end, duty.community.timeZone),
    ),
  };
}

/**
 * Whom to call: a route volunteer's own zone captains (not themselves); anyone else, every zone's.
 * Captains' phones are the only phones a page shows.
 */
function captainsFor(duty: Duty, zone: string | null): VolunteerView["captains"] {
  const all = duty.publication.details.captains ?? {};
  const zones = zone !== null ? [zone] : Object.keys(all);
  return zones.flatMap((z) =>
    (all[z] ?? [])
      .filter((c) => c.id !== duty.link.volunteerId)
      .map((c) => ({ zone: z, name: c.name, phone: c.phone })),
  );
}
