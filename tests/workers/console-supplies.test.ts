/**
 * Supplies on the console (issue 14, part 5): used vs planned and the days of stock left, counted
 * as the digest counts them (supplyForecast): before the roll call from the plan, after it one
 * per person marked present (a standby gets one only when called in).
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { shanghai } from "./support/clocked.ts";
import { ConsoleClient, textOf, workerAt } from "./support/console.ts";
import { latestPlan, publishTomorrow, resetDay, tomorrow } from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await env.DB.prepare("DELETE FROM attendance").run();
});

/** The 防护服 row of the console's supplies table: planned, used, stock, left, days left. */
async function suitsRow(client: ConsoleClient) {
  const html = (await client.open(`/console/${tomorrow()}`)).html;
  const section = textOf(/<section id="supplies">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "");
  const row = /防护服 (\d+) 套 (—|\d+ 套) (\d+) (-?\d+) (—|\d+ 天)/.exec(section);
  expect(row, section).not.toBeNull();
  return { planned: Number(row![1]), used: row![2], stock: Number(row![3]), left: Number(row![4]), days: row![5] };
}

describe("supplies on the console", () => {
  it("shows used vs planned and the days of stock left at today's actual use, as the digest counts them", async () => {
    await publishTomorrow();
    const { plan } = await latestPlan();
    const suits = plan.supplies.find((s) => s.item === "防护服")!;
    const before = await suitsRow(await new ConsoleClient(workerAt(shanghai("06:00"))).signedIn());
    // Before the roll call: nothing handed out yet, days left at the planned use.
    expect(before).toEqual({
      planned: suits.needed,
      used: "—",
      stock: suits.stock,
      left: suits.stock - suits.needed,
      days: `${Math.floor(suits.stock / suits.needed)} 天`,
    });

    const client = await new ConsoleClient(workerAt(shanghai("07:10"))).signedIn();
    const here = plan.routes.flatMap((r) => r.volunteerIds).slice(0, 3);
    for (const volunteer of here) {
      const csrf = await client.csrf(tomorrow());
      expect((await client.post(`/console/${tomorrow()}/roll`, { csrf, volunteer, mark: "present" })).status).toBe(303);
    }
    const after = await suitsRow(client);
    expect(after).toEqual({
      planned: suits.needed,
      used: "3 套",
      stock: suits.stock,
      left: suits.stock - 3,
      days: `${Math.floor(suits.stock / 3)} 天`,
    });
  });
});
