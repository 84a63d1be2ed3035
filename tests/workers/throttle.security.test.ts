/**
 * Throttles that block (security review, issue 13, finding 1): a client over its limit of wrong
 * attempts is refused EVERY attempt, the right one too, until its block ends. If only wrong
 * attempts were refused, a guesser would learn which guess was right from the one answer that
 * was not 429. Other clients, and their real links, keep working.
 *
 * The limit is 10 misses a minute per client (the LINK_MISSES binding, simulated by miniflare in
 * wall-clock windows): a window boundary may let 10 more through once, so each loop allows 25
 * tries. Every test is its own client (CF-Connecting-IP), so tests never block each other.
 */
import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { ConsoleClient, textOf } from "./support/console.ts";
import { TOKEN } from "./support/emulator.ts";
import {
  answer,
  auth,
  countRows,
  issueSignupLinks,
  ORIGIN,
  pathOf,
  publishTomorrow,
  resetDay,
} from "./support/links.ts";

beforeEach(resetDay);

/** Well-formed codes that no link has (12 characters of the code alphabet). */
const unknownCode = (i: number) => `k7HqVw3NbZ${"23456789abcd"[i % 12]}${"efghjkmnpqrs"[Math.floor(i / 12) % 12]}`;

/** Requests from one client until one answers 429; returns every status seen. */
async function untilLimited(request: (i: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 25 && statuses.at(-1) !== 429; i++) {
    const response = await request(i);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

const from = (ip: string, headers: Record<string, string> = {}) => ({
  headers: { "cf-connecting-ip": ip, ...headers },
});

describe("volunteer links", () => {
  it("/c/{code}: over the miss limit, the client's own valid link answers 429 too (GET and POST, nothing recorded); another client opens it", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const ip = "192.0.2.131";
    const statuses = await untilLimited((i) => SELF.fetch(`${ORIGIN}/c/${unknownCode(i)}`, from(ip)));
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);

    const page = await SELF.fetch(`${ORIGIN}${path}`, from(ip));
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(textOf(await page.text())).toContain("尝试次数太多");
    const calendar = await SELF.fetch(`${ORIGIN}${path}/calendar.ics`, from(ip));
    expect(calendar.status).toBe(429);
    await calendar.arrayBuffer();
    // The form token is taken by another client; the throttled one still cannot answer.
    const post = await answer(path, "confirm", { headers: { "cf-connecting-ip": ip } });
    expect(post.status).toBe(429);
    expect(await countRows("answers")).toBe(0);

    const other = await SELF.fetch(`${ORIGIN}${path}`, from("198.51.100.131"));
    expect(other.status).toBe(200);
    expect(await other.text()).toContain(published.links[0]!.name);
    expect((await answer(path, "confirm", { headers: { "cf-connecting-ip": "198.51.100.131" } })).status).toBe(303);
  });

  it("/s/{code}: over the miss limit, the client's own valid sign-up link answers 429 too (GET and POST, in English when asked); another client opens it", async () => {
    const [path = ""] = await issueSignupLinks(["V001"]);
    const page = await SELF.fetch(`${ORIGIN}${path}`, from("198.51.100.132"));
    expect(page.status).toBe(200);
    const token = /name="t" value="([^"]+)"/.exec(await page.text())![1]!;

    const ip = "192.0.2.132";
    const statuses = await untilLimited((i) => SELF.fetch(`${ORIGIN}/s/${unknownCode(i)}`, from(ip)));
    expect(statuses.at(-1)).toBe(429);

    const mine = await SELF.fetch(`${ORIGIN}${path}`, from(ip, { "accept-language": "en-US,en;q=0.9" }));
    expect(mine.status).toBe(429);
    expect(Number(mine.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await mine.text()).toContain("Too many attempts");
    const post = await SELF.fetch(`${ORIGIN}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, "cf-connecting-ip": ip },
      body: new URLSearchParams({ t: token, availability: "all_day" }),
    });
    expect(post.status).toBe(429);
    expect(await countRows("link_signups")).toBe(0);

    const other = await SELF.fetch(`${ORIGIN}${path}`, from("198.51.100.132"));
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });
});

describe("console sign-in", () => {
  /** A browser at `ip`. */
  const browser = (ip: string) =>
    new ConsoleClient((request) => {
      const headers = new Headers(request.headers);
      headers.set("cf-connecting-ip", ip);
      return SELF.fetch(new Request(request, { headers }));
    });

  it("over the limit, the right token is refused too: 429 with Retry-After and no session; another client signs in", async () => {
    const ip = "192.0.2.133";
    const statuses = await untilLimited((i) => browser(ip).signIn(`guess-${i}-xxxxxxxxxxxxxxxx`));
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);

    const right = browser(ip);
    const response = await right.signIn(TOKEN);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(textOf(await response.text())).toContain("尝试次数太多");
    expect(right.jar.has("zc_console")).toBe(false);

    expect((await browser("198.51.100.133").signIn(TOKEN)).status).toBe(303);
  });
});

describe("organizer API", () => {
  const get = (ip: string, token?: string) =>
    SELF.fetch(`${ORIGIN}/api/demo`, {
      headers: { "cf-connecting-ip": ip, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    });

  it("counts wrong bearer tokens per client: 30 wrong tokens end in 429; then the right token gets 429 with Retry-After and the zh/en error; another client is served", async () => {
    const ip = "192.0.2.134";
    // A request without a token guesses nothing and is not counted.
    for (let i = 0; i < 15; i++) {
      const anonymous = await get(ip);
      expect(anonymous.status).toBe(401);
      await anonymous.arrayBuffer();
    }
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await get(ip, `wrong-token-${i}-wrong-token`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // 10 a minute, 10 more if a window boundary passed; from the first 429 on, nothing else.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThanOrEqual(20);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);

    const right = await get(ip, TOKEN);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(right.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const body = (await right.json()) as { error: { code: string; message: string; zh: string; en: string } };
    expect(body.error.code).toBe("too_many_attempts");
    expect(body.error.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(body.error.en).toContain("Too many");
    expect(body.error.message).toBe(`${body.error.zh} ${body.error.en}`);
    // Every route of the API.
    const sync = await SELF.fetch(`${ORIGIN}/api/demo/sync`, {
      method: "POST",
      headers: { ...auth, "cf-connecting-ip": ip },
    });
    expect(sync.status).toBe(429);
    await sync.arrayBuffer();

    const other = await get("198.51.100.134", TOKEN);
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });
});
