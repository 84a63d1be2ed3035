/**
 * Bodies capped before they are parsed (security review, issue 13, finding 4): the console's
 * sign-in needs no session, so a 40 MB form to it must cost us nothing; every form POST of the
 * console and of the volunteer links is refused once it passes 8 KB (413, in Chinese and
 * English), whether it declares its size or streams without a Content-Length, and a POST that
 * fails the cheap checks (Origin, cookies) is refused before a byte of its body is read.
 *
 * The streamed bodies count what the Worker pulled from them: a body read to the end would show
 * all 40 MB.
 */
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { ConsoleClient, FORM, setCookies, textOf } from "./support/console.ts";
import { seedDemo, TOKEN } from "./support/emulator.ts";
import {
  answer,
  countRows,
  formToken,
  issueSignupLinks,
  ORIGIN,
  pathOf,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await env.DB.batch(["signup_links", "link_signups"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedDemo(SHEET);
});

const MB = 1024 * 1024;
/** Well under one chunk of a 40 MB body: what a Worker that reads only up to 8 KB may pull. */
const READ_AT_MOST = 256 * 1024;

/** A form body of `total` bytes, `fields` first then padding, streamed in 64 KB chunks (no Content-Length). */
function streamedForm(fields: Record<string, string>, total: number) {
  const head = new TextEncoder().encode(`${new URLSearchParams(fields)}&pad=`);
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  const seen = { pulled: 0 };
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      const next = first ? head : chunk;
      first = false;
      controller.enqueue(next);
      seen.pulled += next.byteLength;
    },
  });
  return { body, seen };
}

/** A form of exactly `size` bytes (so with its Content-Length), `fields` first. */
function paddedForm(fields: Record<string, string>, size: number): string {
  const head = `${new URLSearchParams(fields)}&pad=`;
  return head + "a".repeat(Math.max(0, size - head.length));
}

/** The sign-in form's pre-session cookie and token, as the page hands them out. */
async function signInPair(lang = "zh"): Promise<{ cookie: string; login: string }> {
  const page = await SELF.fetch(`${ORIGIN}/console?lang=${lang}`);
  const cookie = setCookies(page)
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  const login = /name="login" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, login };
}

const postLogin = (headers: Record<string, string>, body: BodyInit) =>
  SELF.fetch(`${ORIGIN}/console/login`, { method: "POST", redirect: "manual", headers: { ...FORM, ...headers }, body });

describe("console sign-in (no session needed)", () => {
  it("a 40 MB form from another site, or without the pre-session cookie: 403 before its body is read", async () => {
    const { cookie, login } = await signInPair();
    const foreign = streamedForm({ login, community: "demo", token: TOKEN }, 40 * MB);
    const refused = await postLogin({ origin: "https://evil.example", cookie }, foreign.body);
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(foreign.seen.pulled).toBeLessThan(READ_AT_MOST);

    const cookieless = streamedForm({ login, community: "demo", token: TOKEN }, 40 * MB);
    const noCookie = await postLogin({ origin: ORIGIN }, cookieless.body);
    expect(noCookie.status).toBe(403);
    await noCookie.arrayBuffer();
    expect(cookieless.seen.pulled).toBeLessThan(READ_AT_MOST);
  });

  it("from our own page, over 8 KB: 413 in Chinese or English, streamed or declared, read no further than the cap; nobody signed in", async () => {
    const { cookie, login } = await signInPair();
    const streamed = streamedForm({ login, community: "demo", token: TOKEN }, 40 * MB);
    const big = await postLogin({ origin: ORIGIN, cookie }, streamed.body);
    expect(big.status).toBe(413);
    expect(streamed.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(textOf(await big.text())).toContain("提交的内容太多");
    expect(setCookies(big).some((c) => c.name === "zc_console")).toBe(false);

    const en = await signInPair("en");
    const declared = await postLogin(
      { origin: ORIGIN, cookie: en.cookie },
      paddedForm({ login: en.login, community: "demo", token: TOKEN }, 9 * 1024),
    );
    expect(declared.status).toBe(413);
    expect(textOf(await declared.text())).toContain("Request too large");
    expect(setCookies(declared).some((c) => c.name === "zc_console")).toBe(false);

    // The same form under the cap signs in.
    const fits = await postLogin(
      { origin: ORIGIN, cookie },
      paddedForm({ login, community: "demo", token: TOKEN }, 7 * 1024),
    );
    expect(fits.status).toBe(303);
  });
});

describe("console actions (behind a session)", () => {
  it("a button's form over 8 KB: 413 and nothing runs; a foreign one: 403 before it is read", async () => {
    const client = await new ConsoleClient().signedIn();
    const csrf = await client.csrf(tomorrow());
    const path = `${ORIGIN}/console/${tomorrow()}/generate`;
    const streamed = streamedForm({ csrf }, 40 * MB);
    const big = await SELF.fetch(path, {
      method: "POST",
      redirect: "manual",
      headers: { ...FORM, origin: ORIGIN, cookie: client.cookieHeader() },
      body: streamed.body,
    });
    expect(big.status).toBe(413);
    expect(streamed.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(textOf(await big.text())).toContain("提交的内容太多");

    const foreign = streamedForm({ csrf }, 40 * MB);
    const refused = await SELF.fetch(path, {
      method: "POST",
      redirect: "manual",
      headers: { ...FORM, origin: "https://evil.example", cookie: client.cookieHeader() },
      body: foreign.body,
    });
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(foreign.seen.pulled).toBeLessThan(READ_AT_MOST);

    const declared = await client.post(`/console/${tomorrow()}/generate`, { csrf, pad: "a".repeat(9 * 1024) });
    expect(declared.status).toBe(413);
    await declared.arrayBuffer();
    const out = await client.post("/console/logout", { csrf, pad: "a".repeat(9 * 1024) });
    expect(out.status).toBe(413);
    await out.arrayBuffer();
    expect(await countRows("plans")).toBe(0);
    expect(await countRows("console_signouts")).toBe(0);
  });
});

describe("volunteer links", () => {
  it("POST /c/{code}: over 8 KB is 413 (zh/en) and nothing recorded; a foreign 40 MB post is 403 unread; the page's own answer still goes through", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const t = await formToken(path);
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { ...FORM, origin: ORIGIN, ...headers },
        body,
      });

    const streamed = streamedForm({ t, answer: "decline", reason: "x" }, 40 * MB);
    const big = await post(streamed.body);
    expect(big.status).toBe(413);
    expect(streamed.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(textOf(await big.text())).toContain("提交的内容太多");

    const declared = await post(paddedForm({ t, answer: "decline" }, 9 * 1024), { "accept-language": "en" });
    expect(declared.status).toBe(413);
    expect(textOf(await declared.text())).toContain("Too much data");

    const foreign = streamedForm({ t, answer: "decline" }, 40 * MB);
    const refused = await post(foreign.body, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(foreign.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(await countRows("answers")).toBe(0);

    expect((await answer(path, "confirm")).status).toBe(303);
    expect(await countRows("answers")).toBe(1);
  });

  it("POST /s/{code}: over 8 KB is 413 (zh/en) and nobody signed up; a foreign 40 MB post is 403 unread; the page's own form still goes through", async () => {
    const [path = ""] = await issueSignupLinks(["V001"]);
    const t = await formToken(path);
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { ...FORM, origin: ORIGIN, ...headers },
        body,
      });

    const streamed = streamedForm({ t, availability: "all_day" }, 40 * MB);
    const big = await post(streamed.body);
    expect(big.status).toBe(413);
    expect(streamed.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(textOf(await big.text())).toContain("提交的内容太多");

    const declared = await post(paddedForm({ t, availability: "all_day" }, 9 * 1024), { "accept-language": "en" });
    expect(declared.status).toBe(413);
    expect(textOf(await declared.text())).toContain("Too much data");

    const foreign = streamedForm({ t, availability: "all_day" }, 40 * MB);
    const refused = await post(foreign.body, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(foreign.seen.pulled).toBeLessThan(READ_AT_MOST);
    expect(await countRows("link_signups")).toBe(0);

    const ok = await post(new URLSearchParams({ t, availability: "all_day" }));
    expect(ok.status).toBe(303);
    expect(await countRows("link_signups")).toBe(1);
  });
});
