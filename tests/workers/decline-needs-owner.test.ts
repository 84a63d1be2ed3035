/**
 * The group message lists every personal link, so anyone in the group can open anyone's page.
 * Declining takes the person off the plan and calls in a standby: it asks for the last 4 digits
 * of the roster phone, checked on the server, with few wrong tries per link. Confirming stays one
 * tap. A wrong tail changes nothing: no answer, no replan, nothing bound for the sheet.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_MISSES } from "../../src/services/decline-check.ts";
import { answer, countRows, outbox, ownerTail, pathOf, publishTomorrow, resetDay } from "./support/links.ts";

beforeEach(resetDay);

const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, " ");
/** A tail that is not the owner's. */
const wrongTail = (right: string) => String((Number(right) + 1) % 10_000).padStart(4, "0");

async function declinedPlanRows(volunteerId: string): Promise<number> {
  return (await outbox().pendingRows()).filter(
    (r) => r.cells.volunteer_id === volunteerId && String(r.cells.status ?? "").includes("不能来"),
  ).length;
}

describe("declining needs the person", () => {
  it("asks for the phone tail on the page and says why; confirming asks for nothing", async () => {
    const published = await publishTomorrow();
    const page = await (await answerPage(pathOf(published.links[0]!.url!))).text();
    expect(page).toContain('name="tail"');
    expect(page).toContain("手机号后4位");
    expect(page).toContain("群里的人都能打开这个链接");
    const link = published.links[1]!;
    expect((await answer(pathOf(link.url!), "confirm")).status).toBe(303);
    expect(await countRows("answers")).toBe(1);
  });

  it("changes nothing without the tail or with a wrong one, and says so beside the form", async () => {
    const published = await publishTomorrow();
    const link = published.links.find((l) => l.post.includes("Route"))!;
    const path = pathOf(link.url!);
    const right = (await ownerTail(path))!;
    expect(right).toMatch(/^\d{4}$/);
    const pendingBefore = (await outbox().pendingRows()).length;

    const none = await answer(path, "decline", { tail: null });
    expect(none.status).toBe(400);
    const wrong = await answer(path, "decline", { tail: wrongTail(right), reason: "家里有事" });
    expect(wrong.status).toBe(400);
    expect(await text(wrong)).toContain(`手机号后4位不对，什么都没有改。还可以再试 ${MAX_MISSES - 1} 次。`);
    expect(await countRows("answers")).toBe(0);
    expect(await countRows("plans", "version > 1")).toBe(0);
    expect((await outbox().pendingRows()).length).toBe(pendingBefore);

    // The owner, with full-width digits from a Chinese keyboard.
    const fullWidth = [...right].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join("");
    expect((await answer(path, "decline", { tail: fullWidth })).status).toBe(303);
    expect(await countRows("answers", "answer = 'decline'")).toBe(1);
    expect(await declinedPlanRows(link.volunteerId)).toBeGreaterThan(0);
  });

  it("locks a link's declines for an hour after five wrong tails, the right one included", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links.find((l) => l.post.includes("Route"))!.url!);
    const right = (await ownerTail(path))!;
    for (let i = 1; i < MAX_MISSES; i++) {
      expect(
        (await answer(path, "decline", { tail: wrongTail(right), headers: { "accept-language": "en" } })).status,
      ).toBe(400);
    }
    const locked = await answer(path, "decline", { tail: wrongTail(right) });
    expect(locked.status).toBe(429);
    expect(await text(locked)).toContain("手机号后4位输错太多次");
    expect((await answer(path, "decline", { tail: right })).status).toBe(429);
    expect(await countRows("answers")).toBe(0);
    // Another link is not affected, and confirming still works on this one.
    const other = pathOf(published.links.find((l) => l.post.includes("Route") && pathOf(l.url!) !== path)!.url!);
    expect((await answer(other, "decline")).status).toBe(303);
    expect((await answer(path, "confirm")).status).toBe(303);
  });
});

async function answerPage(path: string): Promise<Response> {
  const { SELF } = await import("cloudflare:test");
  return SELF.fetch(`http://local${path}`);
}
