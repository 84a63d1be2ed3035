/**
 * Edges of refilling a no-show on the day (src/services/replan-day.ts, src/services/roll-call.ts):
 * a no-show who turns up late stays out of later refills (nobody is handed a duty nobody told
 * them about); when the training rule swaps a trained walker and the standby called in, the
 * captain is told to call both, each with their own new duty; and a check-in landing between a
 * refill's read and its write is never overruled: the write rechecks the roll call in the same D1
 * batch, and the refill is made again (or refused) from the new marks.
 */
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { dutyLabel } from "../../src/domain/plan/duty-changes.ts";
import type { Plan, PlanInput } from "../../src/domain/plan/index.ts";
import { buildServices, type Bindings } from "../../src/env.ts";
import { draftReplan, replanDay, storeReplan, type ReplanDeps } from "../../src/services/replan-day.ts";
import { at, post, shanghai } from "./support/clocked.ts";
import { consoleMark, textOf } from "./support/console.ts";
import { seedDemo, setCell } from "./support/emulator.ts";
import {
  auth,
  formToken,
  generateAndPublish,
  latestPlan,
  ORIGIN,
  pathOf,
  publishedCaptains,
  publishTomorrow,
  resetDay,
  SHEET,
  tabRows,
  tightRoute,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

type Link = Published["links"][number];

const linkOf = (published: Published, id: string): Link => published.links.find((l) => l.volunteerId === id)!;

/** A volunteer's duty in a plan, as one comparable string; null when off it. */
function duty(plan: Plan, id: string): string | null {
  const a = plan.assignments.find((x) => x.volunteerId === id);
  return a ? `${a.kind}:${a.postId}:${a.buildings.join(",")}` : null;
}

/** The captain's roll-call taps, with their page's form token. */
async function captainOf(link: Link) {
  const path = pathOf(link.url!);
  const t = await formToken(path);
  return {
    path,
    mark: async (when: string, volunteer: string, mark: "present" | "absent") =>
      expect((await post(shanghai(when), `${path}/roll`, { t, volunteer, mark })).status).toBe(303),
    refill: async (when: string, volunteer: string) =>
      expect((await post(shanghai(when), `${path}/refill`, { t, volunteer })).status).toBe(303),
    /** Whom the refill button for a no-show offers to call in (its words name them). */
    offer: async (when: string) =>
      /<button[^>]*>请([^<]+?)顶替<\/button>/.exec(await (await at(shanghai(when), path)).text())?.[1],
  };
}

/** The engine input frozen at publish (the trained flags replans go by). */
async function frozenInput(): Promise<PlanInput> {
  const row = await env.DB.prepare("SELECT input FROM publications WHERE date = ? ORDER BY version DESC LIMIT 1")
    .bind(tomorrow())
    .first<{ input: string }>();
  return JSON.parse(row!.input) as PlanInput;
}

/**
 * Everyone on the plan but `except` checked in by 07:20, as the captains and organizers would have
 * marked them: a check-in locks a person to their duty, so a refill can move only the others.
 */
async function everyoneHereBut(plan: Plan, except: readonly string[]): Promise<void> {
  const skip = new Set(except);
  await env.DB.batch(
    plan.assignments
      .filter((a) => !skip.has(a.volunteerId))
      .map((a) =>
        env.DB.prepare(
          "INSERT INTO attendance (community, date, volunteer_id, present, at, by) VALUES ('demo', ?, ?, 1, ?, 'organizer')",
        ).bind(tomorrow(), a.volunteerId, shanghai("07:20")),
      ),
  );
}

/**
 * The demo with 1号楼 grown to 480 households, so its route needs a team of three and has no spare
 * hand, and one all-day standby never trained (their 培训日期 cleared); everyone checked in but a
 * lone walker (`absent`), one trained walker of that three-person route (`walker`) and that
 * standby. Refilling the lone walker then calls in the untrained standby, and the training rule
 * (nobody untrained alone on a route) swaps them with the trained walker: the walker takes the
 * no-show's route, the standby the walker's place.
 */
async function trainingSwapDay() {
  await seedDemo(SHEET);
  await setCell(SHEET, "'楼栋 Buildings'!C2", "480");
  // Whom a first draft puts on standby, all day (a standby who walks must be there all day).
  const drafted = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
    method: "POST",
    headers: auth,
  });
  expect(drafted.status).toBe(200);
  const allDay = new Set(
    (await tabRows(SHEET, "'报名 Signups'", ["date", "id", "name", "availability"]))
      .filter((r) => (r.availability ?? "").startsWith("全天"))
      .map((r) => r.id),
  );
  const spare = (await latestPlan()).plan.assignments.filter((a) => a.kind === "standby" && allDay.has(a.volunteerId));
  const untrainedId = spare.at(-1)!.volunteerId;
  const roster = await tabRows(SHEET, "'志愿者 Volunteers'", ["id"]);
  await setCell(SHEET, `'志愿者 Volunteers'!I${roster.findIndex((r) => r.id === untrainedId) + 2}`, "");

  const published = await generateAndPublish();
  const { plan } = await latestPlan();
  const { captains, captainIds } = await publishedCaptains();
  const untrained = new Set((await frozenInput()).volunteers.filter((v) => v.trained === false).map((v) => v.id));
  const heavy = plan.routes.find(
    (r) =>
      r.requiredTeam >= 2 &&
      r.volunteerIds.length === r.requiredTeam &&
      r.volunteerIds.filter((id) => !untrained.has(id)).length >= 2,
  );
  const lone = plan.routes.find(
    (r) => r.volunteerIds.length === 1 && !captainIds.has(r.volunteerIds[0]!) && (captains[r.zone]?.length ?? 0) > 0,
  );
  expect(heavy, "a route whose team has no spare hand, two of them trained").toBeDefined();
  expect(lone, "a one-person route in a zone with a captain").toBeDefined();
  expect(duty(plan, untrainedId), "the untrained one is still on standby").toMatch(/^standby:/);
  expect(untrained.has(untrainedId)).toBe(true);
  const walker = heavy!.volunteerIds.find((id) => !untrained.has(id) && !captainIds.has(id))!;
  const absent = lone!.volunteerIds[0]!;
  await everyoneHereBut(plan, [absent, walker, untrainedId]);
  return {
    published,
    plan,
    absent,
    walker,
    standby: untrainedId,
    captain: linkOf(published, captains[lone!.zone]![0]!.id),
  };
}

/** What a refill reads and writes with, as the captain's tap would, at `when`. */
async function replanDeps(when: string, actor: string): Promise<ReplanDeps> {
  const services = buildServices(env as unknown as Bindings, { now: () => shanghai(when) });
  const community = (await services.community("demo"))!;
  const outbox = services.outbox(community.spreadsheetId);
  return {
    db: env.DB,
    community,
    date: tomorrow(),
    now: shanghai(when),
    secret: services.linkSecret,
    actor,
    enqueue: (rows) => outbox.enqueue(community.spreadsheetId, rows),
  };
}

async function versions(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM plans WHERE date = ?")
    .bind(tomorrow())
    .first<{ n: number }>();
  return row!.n;
}

describe("a no-show who turns up after their refill", () => {
  it("is not handed a duty by the next refill: the offered standby is called in, and they stay off the plan", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const { route, captains, absent } = await tightRoute(plan);
    const captain = await captainOf(linkOf(published, captains[route.zone]![0]!.id));
    const standby = new Set(plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId));

    await captain.mark("07:31", absent, "absent");
    await captain.refill("07:33", absent);
    const first = await latestPlan();
    const taker = (first.plan.changes ?? []).find((c) => c.replaces === absent)!.volunteerId;
    expect(standby.has(taker)).toBe(true);
    // The no-show turns up late and is marked 到: the refill stands (as day-rules.test.ts checks).
    await captain.mark("07:40", absent, "present");
    expect(duty((await latestPlan()).plan, absent)).toBeNull();

    // Now the standby called in does not come either: the next refill must call in another
    // standby (the one its button offers) and leave the late no-show where the first refill did.
    await captain.mark("07:45", taker, "absent");
    const offered = await captain.offer("07:46");
    await captain.refill("07:47", taker);
    const second = await latestPlan();
    expect(second.version).toBeGreaterThan(first.version);
    const next = (second.plan.changes ?? []).find((c) => c.replaces === taker)!.volunteerId;
    expect(standby.has(next)).toBe(true);
    expect(linkOf(published, next).name).toBe(offered);
    // Nobody gave the late no-show a duty (nor standby) without telling them: off the plan, no change.
    expect(duty(second.plan, absent)).toBeNull();
    const changed = await env.DB.prepare("SELECT volunteer_id FROM plan_changes WHERE date = ? AND version = ?")
      .bind(tomorrow(), second.version)
      .all<{ volunteer_id: string }>();
    expect(changed.results.map((r) => r.volunteer_id)).not.toContain(absent);
  });
});

describe("whom the captain calls after a refill that swapped people for the training rule", () => {
  it("lists the standby called in and the trained walker moved, each with their own new duty", async () => {
    const day = await trainingSwapDay();
    const captain = await captainOf(day.captain);
    await captain.mark("07:31", day.absent, "absent");
    await captain.refill("07:33", day.absent);

    const { plan } = await latestPlan();
    const changes = plan.changes ?? [];
    // The swap happened as the training rule says: the walker took the no-show's route, the
    // standby the walker's place.
    expect(duty(plan, day.walker)).toBe(duty(day.plan, day.absent));
    expect(duty(plan, day.standby)).toBe(duty(day.plan, day.walker));
    expect(changes.find((c) => c.volunteerId === day.walker)?.replaces).toBe(day.absent);
    expect(changes.find((c) => c.volunteerId === day.standby)?.replaces).toBe(day.walker);

    const page = await (await at(shanghai("07:34"), captain.path)).text();
    expect(textOf(page)).toContain("请马上打电话");
    const calls = [...page.matchAll(/<div class="call">([\s\S]*?)<\/div>/g)].map((m) => m[1]!);
    const name = (id: string) => linkOf(day.published, id).name;
    // One call each, in the order the places were taken: the walker (who took the no-show's
    // route), then the standby (who took the walker's).
    expect(calls).toHaveLength(2);
    const [walkerCall, standbyCall] = calls as [string, string];
    // The walker, not checked in yet, must hear that their route changed before they set off.
    expect(textOf(walkerCall)).toContain(
      `${name(day.walker)}，你的岗位有变化：今天改由你顶替${name(day.absent)}，${dutyLabel(plan, day.walker)!.zh}。`,
    );
    // The standby must come now: they take the walker's place, on the walker's old route.
    expect(textOf(standbyCall)).toContain(
      `${name(day.standby)}，请立即到岗：今天由你顶替${name(day.walker)}，${dutyLabel(plan, day.standby)!.zh}。`,
    );
    // Each with their own phone and their own link.
    expect(walkerCall).toContain(linkOf(day.published, day.walker).url!);
    expect(standbyCall).toContain(linkOf(day.published, day.standby).url!);
    expect(walkerCall).toMatch(/href="tel:1\d{10}"/);
    expect(standbyCall).toMatch(/href="tel:1\d{10}"/);

    // The walker is marked 到 at the assembly: still listed, for the captain to tell them of the
    // new route. The standby arrives: called in and here, nobody to call.
    await organizerMark(day.walker, true, "07:35");
    await organizerMark(day.standby, true, "07:50");
    const later = await (await at(shanghai("07:51"), captain.path)).text();
    const still = [...later.matchAll(/<div class="call">([\s\S]*?)<\/div>/g)].map((m) => textOf(m[1]!));
    expect(still).toHaveLength(1);
    expect(still[0]).toContain(`${name(day.walker)}，你的岗位有变化`);
  });
});

/** A roll-call mark as an organizer taps it on the console (standby are on no captain's list). */
const organizerMark = (id: string, present: boolean, when: string) =>
  consoleMark(shanghai(when), id, present ? "present" : "absent");

describe("a standby marked 未到", () => {
  it("has no duty to refill: a stale or forged refill of a standby writes nothing", async () => {
    await publishTomorrow();
    const { plan } = await latestPlan();
    const standby = plan.assignments.find((a) => a.kind === "standby")!.volunteerId;
    await organizerMark(standby, false, "07:31");
    const before = await versions();
    const deps = await replanDeps("07:33", "organizer");
    expect(await replanDay(deps, { kind: "no_show", volunteerId: standby })).toEqual({
      status: "nothing_to_do",
      reason: "standby",
    });
    expect(await versions()).toBe(before);
  });

  it("by mistake, taken off by another refill and corrected to 到, is back among those a refill may call", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const { route, captains, absent } = await tightRoute(plan);
    const captain = await captainOf(linkOf(published, captains[route.zone]![0]!.id));
    const standby = plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId);
    const mistaken = standby.at(-1)!;
    await organizerMark(mistaken, false, "07:30");
    await captain.mark("07:31", absent, "absent");
    await captain.refill("07:33", absent);
    // The refill left out everyone marked 未到: the standby marked by mistake is off the plan.
    expect(duty((await latestPlan()).plan, mistaken)).toBeNull();
    await organizerMark(mistaken, true, "07:40");

    // The next refill's input has them again (only no-shows whose duty went to someone stay out).
    const taker = ((await latestPlan()).plan.changes ?? []).find((c) => c.replaces === absent)!.volunteerId;
    await captain.mark("07:45", taker, "absent");
    const draft = await draftReplan(await replanDeps("07:46", "organizer"), { kind: "no_show", volunteerId: taker });
    if (draft.status !== "draft") throw new Error(`no refill drafted: ${JSON.stringify(draft)}`);
    const ids = new Set(draft.input.volunteers.map((v) => v.id));
    expect(ids.has(mistaken)).toBe(true);
    expect(ids.has(absent)).toBe(false);
  });
});

describe("a check-in racing a refill", () => {
  it("by the no-show themselves: the refill's write is refused, nothing is written, and made again it finds nobody to replace", async () => {
    const published = await publishTomorrow();
    const { route, captains, absent } = await tightRoute((await latestPlan()).plan);
    const captainLink = linkOf(published, captains[route.zone]![0]!.id);
    const captain = await captainOf(captainLink);
    await captain.mark("07:31", absent, "absent");
    const before = await versions();

    const deps = await replanDeps("07:33", `captain:${captainLink.volunteerId}`);
    const draft = await draftReplan(deps, { kind: "no_show", volunteerId: absent });
    if (draft.status !== "draft") throw new Error(`no refill drafted: ${JSON.stringify(draft)}`);
    // Between the refill's read and its write, the no-show arrives and is marked 到.
    await captain.mark("07:33", absent, "present");
    expect(await storeReplan(deps, draft)).toEqual({ status: "roll_call_changed" });
    expect(await versions()).toBe(before);
    expect(duty((await latestPlan()).plan, absent)).not.toBeNull();
    // Made again from the new marks, the refill finds nobody to replace.
    expect(await replanDay(deps, { kind: "no_show", volunteerId: absent })).toEqual({
      status: "nothing_to_do",
      reason: "not_absent",
    });
    expect(await versions()).toBe(before);
  });

  it("by a walker the refill would move: the write is refused and the refill made again leaves them where they are", async () => {
    const day = await trainingSwapDay();
    const captain = await captainOf(day.captain);
    await captain.mark("07:31", day.absent, "absent");
    const before = await versions();

    const deps = await replanDeps("07:33", `captain:${day.captain.volunteerId}`);
    const draft = await draftReplan(deps, { kind: "no_show", volunteerId: day.absent });
    if (draft.status !== "draft") throw new Error(`no refill drafted: ${JSON.stringify(draft)}`);
    // The draft moves the walker (the training swap)...
    expect(draft.replanned.diff.map((d) => d.volunteerId)).toContain(day.walker);
    // ...who taps 我到了 on their own page before the draft is written.
    const walkerPath = pathOf(linkOf(day.published, day.walker).url!);
    const here = await post(shanghai("07:33"), `${walkerPath}/here`, { t: await formToken(walkerPath) });
    expect(here.status).toBe(303);
    expect(await storeReplan(deps, draft)).toEqual({ status: "roll_call_changed" });
    expect(await versions()).toBe(before);

    const outcome = await replanDay(deps, { kind: "no_show", volunteerId: day.absent });
    expect(outcome.status).toBe("replanned");
    const { plan } = await latestPlan();
    expect(duty(plan, day.absent)).toBeNull();
    // Checked in, the walker keeps the duty they came for.
    expect(duty(plan, day.walker)).toBe(duty(day.plan, day.walker));
    expect((plan.changes ?? []).some((c) => c.volunteerId === day.walker)).toBe(false);
  });
});
