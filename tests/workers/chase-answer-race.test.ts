/**
 * The morning chase marks the unanswered "at risk" in the Plan tab. A volunteer who confirms
 * between the chase reading the answers and its rows reaching the outbox must still read
 * "confirmed" in the sheet: the outbox keeps the last update of a row, so without a second look
 * the chase's "at risk" would cover the answer for good while D1 says confirmed.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { chaseJob, type JobContext } from "../../src/cron/jobs.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { loadCommunity } from "../../src/community.ts";
import { addDays, localDate, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { buildServices, type Bindings, type Services } from "../../src/env.ts";
import { statusLabel } from "../../src/services/plan-tab.ts";

const statusLabels = { at_risk: statusLabel("at_risk", "zh"), confirmed: statusLabel("confirmed", "zh") };
import type { OutboxRow } from "../../src/sheets/outbox.ts";
import { recordAnswer } from "../../src/store/answers.ts";
import { fastGateway, seedDemo } from "./support/emulator.ts";
import { NOW } from "./support/clock.ts";

const SHEET = "demo-compound";
const zone = "Asia/Shanghai";

beforeEach(async () => {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
  ).all<{ name: string }>();
  await env.DB.batch(results.map((r) => env.DB.prepare(`DELETE FROM "${r.name}"`)));
});

describe("the morning chase and an answer arriving meanwhile", () => {
  it("leaves the Plan tab showing the answer, not 'at risk'", async () => {
    await seedDemo(SHEET);
    const today = localDate(NOW, zone);
    const date = addDays(today, 1);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: localTimeToEpoch(today, "21:00", zone), cron: TICK }),
      { ...env, JOBS: undefined }, // the tick runs the jobs itself
      ctx,
    );
    await waitOnExecutionContext(ctx);

    const chaseAt = localTimeToEpoch(date, "06:30", zone);
    const services = buildServices(env as unknown as Bindings, { now: () => chaseAt });
    const outbox = services.outbox(SHEET);
    let late: string | undefined;
    // The outbox as the chase sees it: just before its "at risk" rows arrive, a volunteer on the
    // list confirms — D1 first, then their row, exactly as the answer route does.
    const racing: Services = {
      ...services,
      outbox: () =>
        ({
          enqueue: async (id: string, rows: OutboxRow[]) => {
            if (!late && rows.some((r) => r.cells.status === statusLabels.at_risk)) {
              late = rows[0]!.cells.volunteer_id!;
              await recordAnswer(env.DB, {
                community: "demo",
                date,
                volunteerId: late,
                answer: "confirm",
                reason: "",
                answeredAt: chaseAt,
                version: 1,
                via: "link",
              });
              await outbox.enqueue(id, [
                { tab: "plan", cells: { date, volunteer_id: late, status: statusLabels.confirmed } },
              ]);
            }
            return outbox.enqueue(id, rows);
          },
        }) as unknown as ReturnType<Services["outbox"]>,
    };
    const community = (await loadCommunity(env.DB, services.vars, "demo"))!;
    const job: JobContext = {
      env: env as unknown as Bindings,
      services: racing,
      community,
      date,
      now: chaseAt,
      webhooks: undefined,
      fetch: (r) => fetch(r),
    };
    await chaseJob(job, (_name, work) => work());
    expect(late).toBeDefined();

    await outbox.flush();
    while ((await outbox.state()).pending > 0) await outbox.flush();
    const plan = (await fastGateway(SHEET).read(["plan"])).tabs.plan!.rows;
    const row = plan.find((r) => r.cells.date === date && r.cells.volunteer_id === late)!;
    expect(row.cells.status).toBe(statusLabels.confirmed);
    // Everyone else who had not answered is still marked.
    const others = plan.filter((r) => r.cells.date === date && r.cells.volunteer_id !== late);
    expect(others.every((r) => r.cells.status === statusLabels.at_risk)).toBe(true);
  });
});
