/**
 * Messages for a personal WeChat group (issue 15, part 2): with no webhook set, the 06:30
 * reminder (who has not answered, with their links) and the digest still exist as copy-ready
 * parts under 1,000 characters, in D1, in the Messages tab and in the console.
 */
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import type { Plan } from "../../src/domain/plan/index.ts";
import { addDays, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { today } from "./support/clock.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import { seedDemo, setCell } from "./support/emulator.ts";
import {
  answer,
  auth,
  drainOutbox,
  messagesTab,
  ORIGIN,
  pathOf,
  publish,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";

const at = (date: string, time: string) => localTimeToEpoch(date, time, "Asia/Shanghai");

/** A scheduled tick with no webhook configured: the compound's group is a personal WeChat group. */
async function tick(scheduledTime: number) {
  const ctx = createExecutionContext();
  const testEnv = { ...env, JOBS: undefined, NOTIFY_WEBHOOKS: undefined };
  await worker.scheduled(createScheduledController({ scheduledTime, cron: TICK }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

async function stored(kind: string, date: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT text FROM day_messages WHERE community = 'demo' AND kind = ? AND date = ? ORDER BY part",
  )
    .bind(kind, date)
    .all<{ text: string }>();
  return results.map((r) => r.text);
}

beforeEach(async () => {
  await resetDay();
  await env.DB.batch(
    ["job_runs", "job_attempts", "notifications", "day_messages"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
});

describe("reminder and digest without webhooks", { timeout: 60_000 }, () => {
  it("are copy-ready parts in D1, the Messages tab and the console, the reminder by building with links", async () => {
    await seedDemo(SHEET);
    const day = addDays(today(), 1);
    await tick(at(today(), "21:00"));
    await tick(at(day, "06:30"));

    const reminder = await stored("reminder", day);
    expect(reminder.length).toBeGreaterThan(1);
    for (const part of reminder) {
      expect([...part].length).toBeLessThan(1000);
      expect(part.split("\n")[0]).toContain("还没回复的志愿者");
    }
    const lines = reminder.flatMap((p) => p.split("\n").filter((l) => l.includes("/c/")));
    expect(lines).toHaveLength(120); // nobody has answered yet
    for (const line of lines) expect(line).toMatch(/^\S+( \d\d:\d\d)? \S+ https?:\/\/\S+\/c\/\S+$/);
    // Route walkers come first, by building number.
    const walkers = lines.filter((l) => /^\d+号楼/.test(l));
    expect(walkers.length).toBeGreaterThan(0);
    expect(lines.slice(0, walkers.length)).toEqual(walkers);
    const numbers = walkers.map((l) => Number(/^(\d+)号楼/.exec(l)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(reminder.join("\n").replace(/https?:\/\/\S+/g, "")).not.toMatch(/[A-Za-z]{2,}/);

    await tick(at(day, "09:00"));
    const digest = await stored("digest", day);
    expect(digest.length).toBeGreaterThan(0);
    for (const part of digest) expect([...part].length).toBeLessThan(1000);

    await drainOutbox();
    const tab = (await messagesTab()).filter((r) => r.date === day);
    const byPart = new Map(tab.map((r) => [Number(r.part), r.text]));
    reminder.forEach((text, i) => expect(byPart.get(101 + i)).toBe(text));
    digest.forEach((text, i) => expect(byPart.get(201 + i)).toBe(text));

    const console = await new ConsoleClient().signedIn();
    const { html } = await console.open(`/console/${day}`);
    const section = /<section id="day-texts">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    reminder.forEach((_, i) => expect(section).toContain(`data-copy-from="reminder-${i + 1}"`));
    digest.forEach((_, i) => expect(section).toContain(`data-copy-from="digest-${i + 1}"`));
    // One copy button per person, holding their own line.
    const perPerson = [...section.matchAll(/data-copy="([^"]+)"/g)].map((m) => textOf(m[1]!));
    expect(perPerson).toHaveLength(120);
    expect(perPerson[0]).toBe(lines[0]);
  });

  it("reminds someone who confirmed and was then moved: their yes was for the old duty", async () => {
    const published = await publishTomorrow();
    const day = tomorrow();
    const first = JSON.parse(
      (await env.DB.prepare("SELECT plan FROM plans WHERE date = ? ORDER BY version DESC LIMIT 1")
        .bind(day)
        .first<{ plan: string }>())!.plan,
    ) as Plan;
    const standby = first.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId);
    for (const id of standby) {
      const link = published.links.find((l) => l.volunteerId === id)!;
      expect((await answer(pathOf(link.url!), "confirm")).status).toBe(303);
    }
    const route = first.routes.find((r) => r.buildings.includes("3号楼"))!;
    await setCell(SHEET, "'快递 Parcels'!D36", String(11 + 200 * route.volunteerIds.length - route.load + 20));
    const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${day}/generate`, { method: "POST", headers: auth });
    const next = ((await generated.json()) as { plan: Plan }).plan;
    await publish();
    const moved = (next.changes ?? []).map((c) => c.volunteerId);
    expect(moved.length).toBeGreaterThan(0);
    for (const id of moved) expect(standby).toContain(id);

    await tick(at(day, "06:30"));
    const text = (await stored("reminder", day)).join("\n");
    const nameOf = (id: string) => published.links.find((l) => l.volunteerId === id)!.name;
    for (const id of moved) expect(text).toContain(` ${nameOf(id)} `);
    const stayed = standby.find((id) => !moved.includes(id));
    if (stayed) expect(text).not.toContain(` ${nameOf(stayed)} `);
  });
});
