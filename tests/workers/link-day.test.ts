import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan/index.ts";
import { hashCode } from "../../src/services/link-keys.ts";
import { loadLinkDay } from "../../src/store/link-day.ts";
import { codeOf, publishTomorrow, resetDay, tomorrow } from "./support/links.ts";

beforeEach(resetDay);

async function fullPlan(): Promise<Plan> {
  const row = await env.DB.prepare("SELECT plan FROM plans WHERE date = ? AND status = 'published' LIMIT 1")
    .bind(tomorrow())
    .first<{ plan: string }>();
  return JSON.parse(row!.plan) as Plan;
}

describe("loadLinkDay: what one link reads from D1", () => {
  it("reads the volunteer's own assignment and route (with the whole team), not every volunteer's", async () => {
    const published = await publishTomorrow();
    const plan = await fullPlan();
    const route = plan.routes.find((r) => r.volunteerIds.length > 1)!;
    const link = published.links.find((l) => l.volunteerId === route.volunteerIds[0])!;

    const day = await loadLinkDay(env.DB, await hashCode(codeOf(link.url!)));
    const slice = day!.published!.plan;

    // Every page view and answer reads this at 07:00: it must not grow with the compound.
    expect(plan.assignments.length).toBeGreaterThan(50);
    expect(slice.assignments).toEqual(plan.assignments.filter((a) => a.volunteerId === link.volunteerId));
    expect(slice.routes).toEqual([route]);
    expect(slice.posts).toEqual(plan.posts);
    expect(slice.day).toEqual(plan.day);
    expect(JSON.stringify(slice).length).toBeLessThan(JSON.stringify(plan).length / 10);
  });

  it("reads no route for a volunteer on a fixed post or on standby", async () => {
    const published = await publishTomorrow();
    const plan = await fullPlan();
    const other = plan.assignments.find((a) => a.kind !== "route")!;
    const link = published.links.find((l) => l.volunteerId === other.volunteerId)!;

    const day = await loadLinkDay(env.DB, await hashCode(codeOf(link.url!)));

    expect(day!.published!.plan.assignments).toEqual([other]);
    expect(day!.published!.plan.routes).toEqual([]);
  });
});
