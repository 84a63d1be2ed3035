/**
 * Training first, then duty (先培训再分工, issue 14 part 6). The demo roster has a few people with
 * a blank 培训日期: the plan sends them to the morning training at assembly; their page says so
 * with its time and place, the briefing lead's page lists them, and when roll call sees one of
 * them by the training's end the training is done: D1 first, then the Volunteers tab's 培训日期 on
 * that person's row only (found by ID), and the next plan no longer sends them to training. Someone
 * who checks in after it ended is not trained, and their page says so.
 */
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { at, post, shanghai } from "./support/clocked.ts";
import { textOf } from "./support/console.ts";
import {
  auth,
  drainOutbox,
  formToken,
  latestPlan,
  ORIGIN,
  outbox,
  pathOf,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";
import { seedDemo, sheetsCall } from "./support/emulator.ts";

beforeEach(async () => {
  await resetDay();
});

async function volunteersTab(): Promise<string[][]> {
  const range = encodeURIComponent("'志愿者 Volunteers'");
  const { values = [] } = (await (await sheetsCall(SHEET, "GET", `/values/${range}`)).json()) as {
    values?: string[][];
  };
  return values;
}

describe("training first, then duty", () => {
  it("tells trainees and the trainer, and roll call writes 培训日期 on the trainee's row only", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const training = plan.training!;
    expect(training).toMatchObject({ start: "07:30", end: "08:00", stepId: "R1" });
    expect(training.traineeIds.length).toBeGreaterThan(0);
    expect(training.trainerIds).toHaveLength(1);
    // Nobody untrained walks a route alone.
    const trainees = new Set(training.traineeIds);
    for (const r of plan.routes)
      expect(
        r.volunteerIds.some((id) => !trainees.has(id)),
        r.id,
      ).toBe(true);

    const trainee = published.links.find((l) => trainees.has(l.volunteerId))!;
    const trainer = published.links.find((l) => l.volunteerId === training.trainerIds[0])!;
    const traineePage = textOf(await (await at(shanghai("06:00"), pathOf(trainee.url!))).text());
    expect(traineePage).toContain("先参加培训，再上岗");
    expect(traineePage).toContain("07:30–08:00 · 居委会");
    expect(traineePage).not.toContain("Committee office"); // 中文 mode: no English
    // Opened after the training ended (late, or a standby called in later): the captain shows the work.
    const latePage = textOf(await (await at(shanghai("08:30"), pathOf(trainee.url!))).text());
    expect(latePage).toContain("培训已经结束：先找队长，再上岗");
    expect(latePage).toContain("到了以后先找队长讲一遍怎么做");
    expect(latePage).not.toContain("先参加培训，再上岗");
    const trainerPage = textOf(await (await at(shanghai("06:00"), pathOf(trainer.url!))).text());
    expect(trainerPage).toContain("今天的培训由你来带");
    expect(trainerPage).toContain(`参加培训的人（${trainees.size} 人）：`);
    expect(trainerPage).toContain(trainee.name);
    // Someone trained reads nothing about it.
    const other = published.links.find((l) => !trainees.has(l.volunteerId) && l.volunteerId !== trainer.volunteerId)!;
    expect(textOf(await (await at(shanghai("06:00"), pathOf(other.url!))).text())).not.toContain("先参加培训");

    const before = await volunteersTab();
    const column = before[0]!.indexOf("培训日期 Trained on");
    expect(column).toBeGreaterThan(0);
    const rowOf = (grid: string[][], id: string) => grid.find((r) => r[0] === id)!;
    expect(rowOf(before, trainee.volunteerId)[column] ?? "").toBe("");

    // The trainee taps 我到了 at assembly (twice: once recorded); someone trained also comes.
    const path = pathOf(trainee.url!);
    const t = await formToken(path);
    expect((await post(shanghai("07:10"), `${path}/here`, { t })).status).toBe(303);
    expect((await post(shanghai("07:11"), `${path}/here`, { t })).status).toBe(303);
    const otherPath = pathOf(other.url!);
    expect((await post(shanghai("07:12"), `${otherPath}/here`, { t: await formToken(otherPath) })).status).toBe(303);
    const rows = await env.DB.prepare("SELECT volunteer_id, on_date, by FROM training").all();
    expect(rows.results).toEqual([{ volunteer_id: trainee.volunteerId, on_date: tomorrow(), by: "self" }]);

    await drainOutbox();
    const after = await volunteersTab();
    expect(rowOf(after, trainee.volunteerId)[column]).toBe(tomorrow());
    // Every other cell of the tab is as it was: no row added, no organizer cell touched.
    expect(after.length).toBe(before.length);
    for (let r = 0; r < before.length; r++) {
      if (before[r]![0] === trainee.volunteerId) {
        expect(after[r]!.filter((_, c) => c !== column)).toEqual(before[r]!.filter((_, c) => c !== column));
      } else expect(after[r], `row ${r + 1}`).toEqual(before[r]);
    }

    // The next plan reads 培训日期: the trainee is trained now, and the column is no problem.
    const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
      method: "POST",
      headers: auth,
    });
    expect(generated.status).toBe(200);
    const body = (await generated.json()) as {
      plan: { training?: { traineeIds: string[] } };
      problems?: { column?: string }[];
    };
    expect(body.plan.training?.traineeIds ?? []).not.toContain(trainee.volunteerId);
    expect((body.problems ?? []).filter((p) => p.column === "trained_on")).toEqual([]);
  });

  it("counts the training only for a check-in by its end: a late arrival is not trained, and their page says so", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const training = plan.training!;
    expect(training.end).toBe("08:00");
    const [onTime, late] = published.links.filter((l) => training.traineeIds.includes(l.volunteerId));
    expect(late, "the demo has two trainees or more").toBeDefined();
    const here = async (at: string, link: typeof onTime) => {
      const path = pathOf(link!.url!);
      expect((await post(shanghai(at), `${path}/here`, { t: await formToken(path) })).status).toBe(303);
    };
    // 08:00 is still the training (the clock's minute); 08:05 is after it.
    await here("08:00", onTime);
    await here("08:05", late);
    const rows = await env.DB.prepare("SELECT volunteer_id FROM training").all<{ volunteer_id: string }>();
    expect(rows.results.map((r) => r.volunteer_id)).toEqual([onTime!.volunteerId]);
    await drainOutbox();
    const grid = await volunteersTab();
    const column = grid[0]!.indexOf("培训日期 Trained on");
    expect(grid.find((r) => r[0] === late!.volunteerId)![column] ?? "").toBe("");

    const latePage = textOf(await (await at(shanghai("08:10"), pathOf(late!.url!))).text());
    expect(latePage).toContain("你到的时候培训已经结束");
    expect(latePage).toContain("最晚 08:00 签到才算参加过培训，这次不算");
    const onTimePage = textOf(await (await at(shanghai("08:10"), pathOf(onTime!.url!))).text());
    expect(onTimePage).toContain("今天的培训你已参加");
    expect(onTimePage).not.toContain("培训已经结束");
  });

  it("writes 培训日期 through the outbox by ID only: an unknown ID adds no row, no other cell changes", async () => {
    await seedDemo(SHEET);
    const before = await volunteersTab();
    const stub = outbox();
    await stub.enqueue(SHEET, [
      { tab: "volunteers", cells: { volunteer_id: "V999", trained_on: "2022-04-19" } },
      { tab: "volunteers", cells: { volunteer_id: "V002", trained_on: "2022-04-20" } },
    ]);
    await drainOutbox();
    const after = await volunteersTab();
    expect(after.length).toBe(before.length);
    const column = after[0]!.indexOf("培训日期 Trained on");
    expect(after.find((r) => r[0] === "V002")![column]).toBe("2022-04-20");
    expect(after.filter((r) => r[0] !== "V002")).toEqual(before.filter((r) => r[0] !== "V002"));
  });

  it("says it in English for an English community", async () => {
    await seedDemo(SHEET);
    const settings = await SELF.fetch(`${ORIGIN}/api/demo/settings`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ language: "en" }),
    });
    expect(settings.status).toBe(200);
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    const trainee = published.links.find((l) => plan.training!.traineeIds.includes(l.volunteerId))!;
    const trainer = published.links.find((l) => l.volunteerId === plan.training!.trainerIds[0])!;
    const page = textOf(await (await at(shanghai("06:00"), pathOf(trainee.url!))).text());
    expect(page).toContain("Training first, then your duty");
    expect(page).not.toContain("先参加培训");
    expect(textOf(await (await at(shanghai("06:00"), pathOf(trainer.url!))).text())).toContain(
      "You lead today's training",
    );
  });

  it("counts a training recorded in D1 even before the sheet has it", async () => {
    await publishTomorrow();
    const { plan } = await latestPlan();
    const id = plan.training!.traineeIds[0]!;
    await env.DB.prepare(
      "INSERT INTO training (community, volunteer_id, on_date, at, by) VALUES ('demo', ?, ?, 0, 'self')",
    )
      .bind(id, tomorrow())
      .run();
    const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
      method: "POST",
      headers: auth,
    });
    const body = (await generated.json()) as { plan: { training?: { traineeIds: string[] } } };
    expect(body.plan.training?.traineeIds ?? []).not.toContain(id);
  });
});
