import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import {
  answer,
  countRows,
  drainOutbox,
  formToken,
  ORIGIN,
  outbox,
  ownerTail,
  pathOf,
  planTab,
  publishTomorrow,
  tomorrow,
  resetDay,
} from "./support/links.ts";

beforeEach(resetDay);

describe("POST /c/{code}: answering", () => {
  it("commits the answer to D1 and the outbox before the page says thank you", async () => {
    const published = await publishTomorrow();
    const link = published.links.find((l) => l.post.includes("Route"))!;
    const path = pathOf(link.url!);
    await drainOutbox();
    const response = await answer(path, "confirm");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(path);
    // By the time the redirect is sent, D1 has the answer and the outbox has the row.
    const stored = await env.DB.prepare("SELECT answer, revision FROM answers WHERE volunteer_id = ?")
      .bind(link.volunteerId)
      .first();
    expect(stored).toEqual({ answer: "confirm", revision: 1 });
    const pending = await outbox().pendingRows();
    expect(pending).toEqual([
      {
        tab: "plan",
        cells: expect.objectContaining({ volunteer_id: link.volunteerId, status: "已确认" }),
      },
    ]);
    const page = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
    expect(page).toContain("已确认，谢谢！");
    expect(page).toMatch(/回复时间：\d{2}-\d{2} \d{2}:\d{2}/);
    // Then the sheet, by volunteer ID, with the local answer time.
    await drainOutbox();
    const row = (await planTab()).find((r) => r.volunteer_id === link.volunteerId)!;
    expect(row.status).toBe("已确认");
    expect(row.answered_at).toMatch(/^\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it("makes one answer of double taps, retries and two tabs", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[3]!.url!);
    const tabA = await formToken(path);
    const tabB = await formToken(path);
    for (const token of [tabA, tabA, tabB, tabA]) expect((await answer(path, "confirm", { token })).status).toBe(303);
    expect(await countRows("answers")).toBe(1);
    expect(await countRows("answer_history")).toBe(1);
    expect(await countRows("audit_log", "action = 'answer.confirm'")).toBe(1);
    const { revision } = (await env.DB.prepare("SELECT revision FROM answers").first<{ revision: number }>())!;
    expect(revision).toBe(1);
  });

  it("makes one answer of 20 concurrent POSTs to one link", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[5]!.url!);
    const token = await formToken(path);
    const responses = await Promise.all(Array.from({ length: 20 }, () => answer(path, "confirm", { token })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(303));
    expect(await countRows("answers")).toBe(1);
    expect(await countRows("answer_history")).toBe(1);
    expect(
      (await outbox().pendingRows()).filter((r) => r.cells.volunteer_id === published.links[5]!.volunteerId),
    ).toHaveLength(1);
  });

  it("lets a volunteer change their answer until their start time, then closes", async () => {
    const published = await publishTomorrow();
    const link = published.links.find((l) => l.post.includes("Route"))!;
    const path = pathOf(link.url!);
    await answer(path, "confirm");
    const [y, m, d] = tomorrow().split("-").map(Number) as [number, number, number];
    const start = Date.UTC(y, m - 1, d - 1, 23, 30); // 07:30 in Shanghai
    const post = async (now: number, choice: string) => {
      const token = await formToken(path);
      const ctx = createExecutionContext();
      const response = await buildApp({ now: () => now }).fetch(
        new Request(`${ORIGIN}${path}`, {
          method: "POST",
          headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ t: token, answer: choice, tail: (await ownerTail(path)) ?? "" }),
        }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return response;
    };
    const late = await post(start, "decline");
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("已到上岗时间");
    expect((await env.DB.prepare("SELECT answer FROM answers").first<{ answer: string }>())!.answer).toBe("confirm");
    // A minute earlier the change goes through (and the decline replans the day).
    expect((await post(start - 60_000, "decline")).status).toBe(303);
    expect(await env.DB.prepare("SELECT answer, revision FROM answers").first()).toEqual({
      answer: "decline",
      revision: 2,
    });
    expect(await countRows("answer_history")).toBe(2);
  });

  it("refuses an answer that is neither confirm nor decline", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    expect((await answer(path, "maybe")).status).toBe(400);
    expect(await countRows("answers")).toBe(0);
  });
});
