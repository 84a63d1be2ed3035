import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { answer, countRows, formToken, ORIGIN, outbox, pathOf, publishTomorrow, resetDay } from "./support/links.ts";

beforeEach(resetDay);

describe("answers only from the volunteer's own page", () => {
  it("refuses cross-site posts, even with the page's token: a foreign Origin or Referer, cross-site or same-site Fetch Metadata, Origin null from another site", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const token = await formToken(path);
    const attacks: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
      { origin: "null", "sec-fetch-site": "cross-site" },
      { origin: "null", "sec-fetch-site": "same-site" },
      { origin: "null", "sec-fetch-site": "none" },
      { origin: "", referer: "https://evil.example/page" },
      { origin: "", "sec-fetch-site": "cross-site" },
      { origin: "", "sec-fetch-site": "same-site" },
    ];
    for (const headers of attacks) {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ""));
      const response = await SELF.fetch(`${ORIGIN}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...clean },
        body: new URLSearchParams({ t: token, answer: "decline" }),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await countRows("answers")).toBe(0);
    expect((await outbox().pendingRows()).some((r) => r.cells.status?.includes("Declined"))).toBe(false);
  });

  it("refuses a post without the page's token, or with another link's token", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const otherToken = await formToken(pathOf(published.links[1]!.url!));
    expect((await answer(path, "confirm", { token: "" })).status).toBe(403);
    expect((await answer(path, "confirm", { token: otherToken })).status).toBe(403);
    expect(await countRows("answers")).toBe(0);
  });

  it("accepts the page's own post under no-referrer (Origin null, same-origin or no Fetch Metadata) only with its token", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const post = (headers: Record<string, string>, token: string) =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "null", ...headers },
        body: new URLSearchParams({ t: token, answer: "confirm" }),
      });
    // Without the token, Origin null is just an unknown page.
    expect((await post({ "sec-fetch-site": "same-origin" }, "")).status).toBe(403);
    expect((await post({}, "forged-token-forged-token")).status).toBe(403);
    expect(await countRows("answers")).toBe(0);
    expect((await post({ "sec-fetch-site": "same-origin" }, await formToken(path))).status).toBe(303);
    expect((await post({}, await formToken(path))).status).toBe(303);
    expect(await countRows("answers")).toBe(1);
  });

  it("accepts a same-origin post, and one from an old WebView that sends neither Origin nor Referer", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    expect((await answer(path, "confirm", { headers: { "sec-fetch-site": "same-origin" } })).status).toBe(303);
    const bare = await SELF.fetch(`${ORIGIN}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: await formToken(path), answer: "confirm" }),
    });
    expect(bare.status).toBe(303);
  });

  it("sends a strict CSP without scripts, no framing, nosniff and no referrer on link pages", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    for (const url of [path, "/c/k7HqVw3NbZt9"]) {
      const response = await SELF.fetch(`${ORIGIN}${url}`);
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("script-src");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("hashes the page's one inline style exactly as the CSP allows", async () => {
    const published = await publishTomorrow();
    const response = await SELF.fetch(published.links[0]!.url!);
    const html = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(response.headers.get("content-security-policy")).toContain(`'sha256-${hash}'`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/ style="/);
  });
});
