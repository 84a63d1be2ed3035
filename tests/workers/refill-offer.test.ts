/**
 * No-shows refilled on the spot (issue 14, part 2): before anyone taps, the captain's roll call
 * and the console's offer the best standby for that exact duty by name ("请张三顶替"), and the tap
 * calls in exactly that person (the same replan decides both).
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { at, post, shanghai } from "./support/clocked.ts";
import { ConsoleClient, workerAt } from "./support/console.ts";
import { formToken, latestPlan, pathOf, publishTomorrow, resetDay, tightRoute, tomorrow } from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await env.DB.prepare("DELETE FROM attendance").run();
});

describe("refilling a no-show", () => {
  it("names on the button the standby the refill will call in, on the captain's page and the console", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    // A route with no spare hands in a zone with a captain: its no-show needs a standby.
    const { route: tight, captains, absent } = await tightRoute(plan);
    const captainPath = pathOf(published.links.find((l) => l.volunteerId === captains[tight.zone]![0]!.id)!.url!);
    const t = await formToken(captainPath);
    const nameOf = (id: string) => published.links.find((l) => l.volunteerId === id)!.name;
    const standby = new Set(plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId));
    expect(
      (await post(shanghai("07:31"), `${captainPath}/roll`, { t, volunteer: absent, mark: "absent" })).status,
    ).toBe(303);

    const page = await (await at(shanghai("07:32"), captainPath)).text();
    const offered = /<button[^>]*>请([^<]+?)顶替<\/button>/.exec(page)?.[1];
    expect(offered, "the captain's page names whom the refill calls in").toBeDefined();
    const offeredId = [...standby].find((id) => nameOf(id) === offered);
    expect(offeredId, "the one offered is on standby").toBeDefined();
    const console = await new ConsoleClient(workerAt(shanghai("07:32"))).signedIn();
    const roll = /<section id="roll-call">([\s\S]*?)<\/section>/.exec(
      (await console.open(`/console/${tomorrow()}`)).html,
    );
    expect(roll?.[1]).toMatch(new RegExp(`<button[^>]*>请${offered}顶替</button>`));

    expect((await post(shanghai("07:33"), `${captainPath}/refill`, { t, volunteer: absent })).status).toBe(303);
    const taker = ((await latestPlan()).plan.changes ?? []).find((c) => c.replaces === absent);
    expect(taker?.volunteerId).toBe(offeredId);
  });
});
