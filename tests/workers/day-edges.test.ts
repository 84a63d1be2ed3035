/**
 * Edges of the day that a review found: a trainee's note says what roll call recorded (培训日期),
 * whatever a later correction of the mark says; only a check-in on the plan's own date counts for
 * its training (an organizer correcting yesterday's roll call at 07:50 today trained nobody); and a
 * standby marked 未到, then taken off the plan by a refill, is still on the console's roll call.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { TZ } from "./support/clock.ts";
import { at, post, shanghai } from "./support/clocked.ts";
import { ConsoleClient, consoleMark, textOf, workerAt } from "./support/console.ts";
import {
  formToken,
  latestPlan,
  pathOf,
  publishTomorrow,
  resetDay,
  tightRoute,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

type Link = Published["links"][number];

/** An organizer signed in to the console with the Worker's clock at `now`. */
const organizerAt = (now: number) => new ConsoleClient(workerAt(now)).signedIn();

/** The organizer marks someone 到 or 未到 on the console's roll call of the published day. */

async function trainedRows() {
  return (await env.DB.prepare("SELECT volunteer_id, on_date FROM training").all()).results;
}

/** A group of the console's roll call: its summary line and its rows, as HTML. */
function rollGroup(html: string, group: string): { summary: string; rows: string[] } | undefined {
  const section = /<section id="roll-call">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
  for (const m of section.matchAll(/<details[^>]*>([\s\S]*?)<\/details>/g)) {
    const summary = textOf(/<summary>([\s\S]*?)<\/summary>/.exec(m[1]!)?.[1] ?? "").trim();
    if (summary.startsWith(`${group} ·`)) {
      return { summary, rows: [...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => r[1]!) };
    }
  }
  return undefined;
}

describe("a trainee's training note", () => {
  it("says what roll call recorded at the first check-in, after a later correction of the mark", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    expect(plan.training?.end).toBe("08:00");
    const trainee: Link = published.links.find((l) => plan.training!.traineeIds.includes(l.volunteerId))!;
    const path = pathOf(trainee.url!);
    expect((await post(shanghai("07:50"), `${path}/here`, { t: await formToken(path) })).status).toBe(303);
    expect(await trainedRows()).toEqual([{ volunteer_id: trainee.volunteerId, on_date: tomorrow() }]);

    // A wrong 未到, corrected to 到 after the training: the mark now reads 08:20, but the training
    // recorded at 07:50 stands (培训日期 is on its way to the sheet), so the page says trained.
    await consoleMark(shanghai("08:10"), trainee.volunteerId, "absent");
    await consoleMark(shanghai("08:20"), trainee.volunteerId, "present");
    expect(await trainedRows()).toEqual([{ volunteer_id: trainee.volunteerId, on_date: tomorrow() }]);
    const page = await (await at(shanghai("08:30"), path)).text();
    expect(textOf(page)).toContain("08:20 到");
    expect(page).toContain('data-training="trainee-done"');
    expect(textOf(page)).toContain("今天的培训你已参加");
    expect(textOf(page)).not.toContain("你到的时候培训已经结束");
  });
});

describe("training at roll call", () => {
  it("is not recorded when an organizer corrects yesterday's roll call before the training's end today", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    expect(plan.training?.end).toBe("08:00");
    const trainee = published.links.find((l) => plan.training!.traineeIds.includes(l.volunteerId))!;
    // Nobody saw them at the day's training; the next morning at 07:50 (before 08:00 on the clock)
    // an organizer sets the day's mark to 到. The mark is corrected; the training is not recorded.
    await consoleMark(shanghai("08:30"), trainee.volunteerId, "absent");
    const nextMorning = localTimeToEpoch(addDays(tomorrow(), 1), "07:50", TZ);
    await consoleMark(nextMorning, trainee.volunteerId, "present");
    const mark = await env.DB.prepare("SELECT present, at, by FROM attendance WHERE date = ? AND volunteer_id = ?")
      .bind(tomorrow(), trainee.volunteerId)
      .first();
    expect(mark).toEqual({ present: 1, at: nextMorning, by: "organizer" });
    expect(await trainedRows()).toEqual([]);
  });
});

describe("a standby marked 未到 on the console's roll call", () => {
  it("is listed under 待命 with the mark, also once a refill took them off the plan, and can be corrected", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const standby = plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId);
    expect(standby.length, "the demo has two standby or more").toBeGreaterThan(1);
    const waiting = published.links.find((l) => l.volunteerId === standby[0])!;
    const rowOf = (html: string) => rollGroup(html, "待命")?.rows.find((r) => r.includes(`<td>${waiting.name}</td>`));

    // The organizer hears the standby cannot come and marks them 未到.
    await consoleMark(shanghai("07:32"), waiting.volunteerId, "absent");
    const marked = (await (await organizerAt(shanghai("07:33"))).open(`/console/${tomorrow()}`)).html;
    expect(rollGroup(marked, "待命")?.summary).toBe("待命 · 已到 0 / 1 人");
    expect(textOf(rowOf(marked) ?? "")).toContain("未到");
    // A standby has no duty to refill: no refill button for them, and a stale form that still
    // posts one changes nothing and says why.
    expect(rowOf(marked)).not.toContain("/refill");
    const versionBefore = (await latestPlan()).version;
    const stale = await organizerAt(shanghai("07:33"));
    const refused = await stale.post(`/console/${tomorrow()}/refill`, {
      csrf: await stale.csrf(tomorrow()),
      volunteer: waiting.volunteerId,
    });
    expect(refused.status).toBe(303);
    expect(textOf((await stale.open(`/console/${tomorrow()}`)).html)).toContain(
      "待命的人本来就没有岗位，不用找人顶替。这次什么都没有改。",
    );
    expect((await latestPlan()).version).toBe(versionBefore);

    // A route's no-show is refilled: the replan leaves out everyone marked 未到, so the standby
    // is taken off the plan too (and someone else takes the route).
    const { absent } = await tightRoute(plan);
    await consoleMark(shanghai("07:34"), absent, "absent");
    const console = await organizerAt(shanghai("07:35"));
    const refill = await console.post(`/console/${tomorrow()}/refill`, {
      csrf: await console.csrf(tomorrow()),
      volunteer: absent,
    });
    expect(refill.status).toBe(303);
    const refilled = (await latestPlan()).plan;
    expect(refilled.assignments.some((a) => a.volunteerId === absent)).toBe(false);
    expect(refilled.assignments.some((a) => a.volunteerId === waiting.volunteerId)).toBe(false);

    const after = (await console.open(`/console/${tomorrow()}`)).html;
    expect(rollGroup(after, "待命")?.summary).toBe("待命 · 已到 0 / 1 人");
    expect(textOf(rowOf(after) ?? "")).toContain("未到");
    expect(rowOf(after)).not.toContain("/refill");

    // Seen, so corrected: they came after all.
    await consoleMark(shanghai("07:40"), waiting.volunteerId, "present");
    const corrected = (await (await organizerAt(shanghai("07:41"))).open(`/console/${tomorrow()}`)).html;
    expect(rollGroup(corrected, "待命")?.summary).toBe("待命 · 已到 1 / 1 人");
    expect(textOf(rowOf(corrected) ?? "")).toContain("07:40 到");
  });
});
