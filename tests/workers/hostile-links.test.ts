/**
 * The volunteer links under hostile traffic:
 * - random `/c/{code}` paths (raw and encoded Unicode, very long, `..`, `%00`, broken escapes) with
 *   GET, HEAD and POST: never a 5xx, nothing written;
 * - random form posts to real and made-up links (missing, extra and repeated fields, wrong answers,
 *   wrong tokens, foreign origins, other encodings, 1 MB+ bodies): only a well-formed answer from
 *   the page itself, under 8 KB, is recorded; anything else writes nothing to D1 or the outbox;
 * - code enumeration: many well-formed random codes fast from one client find nothing and are
 *   throttled (429, a zh/en page, then for that client's real links too), while real links keep
 *   working for everyone else;
 * - link-preview bots and prefetches (GET/HEAD with the user agents of the chat apps) change nothing.
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH } from "../../src/domain/link-code.ts";
import { fuzz, hostileText, percentEncode } from "./support/hostile.ts";
import {
  auth,
  countRows,
  formToken,
  ORIGIN,
  outbox,
  ownerTail,
  pathOf,
  publishTomorrow,
  resetDay,
  type Published,
} from "./support/links.ts";

let published: Published;
let codes: string[];
let signupPath: string;

// One published day for the file: every test compares what changed around its own requests, so
// answers recorded by one test do not matter to another.
beforeAll(async () => {
  await resetDay();
  published = await publishTomorrow();
  codes = published.links.map((l) => pathOf(l.url!).slice("/c/".length));
});

/** Everything a request could have written: answers, their history, the audit log, sign-ups, the outbox. */
async function footprint(): Promise<Record<string, number>> {
  return {
    answers: await countRows("answers"),
    answerHistory: await countRows("answer_history"),
    audit: await countRows("audit_log"),
    linkSignups: await countRows("link_signups"),
    plans: await countRows("plans"),
    outboxEnqueued: (await outbox().state()).enqueued,
  };
}

const wellFormedCode = fc
  .array(fc.constantFrom(...LINK_CODE_ALPHABET), { minLength: LINK_CODE_LENGTH, maxLength: LINK_CODE_LENGTH })
  .map((chars) => chars.join(""));

/** A path segment as an attacker could write it: raw, percent-encoded, broken, long, traversal. */
const segment = fc.oneof(
  wellFormedCode,
  hostileText.map((t) => percentEncode(t.slice(0, 4000))),
  fc.string({ unit: "grapheme", maxLength: 30 }).map((t) => t.replace(/[/?#\\]/g, "")),
  fc.constantFrom(
    "..",
    "%2e%2e",
    "..%2f..%2fetc%2fpasswd",
    "%00",
    "k7HqVw3NbZt9%00",
    "%",
    "%E0%A4%A",
    "%FF%FE",
    "%C0%AE%C0%AE",
    "%252e%252e",
    "\u202Ek7HqVw3NbZt9",
    "K7HQVW3NBZT9",
    " k7HqVw3NbZt9",
    "k7HqVw3NbZt9 ",
    "k7HqVw3NbZt",
    "k7HqVw3NbZt9a",
  ),
  fc.integer({ min: 1_000, max: 16_000 }).map((n) => "a".repeat(n)),
);

const suffix = fc.constantFrom(
  "",
  "/",
  "/calendar.ics",
  "/calendar.ics/..",
  "/x",
  "?lang=%00",
  "?lang=en&lang=zh",
  "#x",
);

describe("random /c/{code} paths", () => {
  it("GET, HEAD and POST on any path: never 5xx, nothing written", async () => {
    const before = await footprint();
    let ip = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "HEAD", "POST"), segment, suffix, async (method, seg, tail) => {
        ip += 1;
        const url = `${ORIGIN}/c/${seg}${tail}`;
        const response = await SELF.fetch(url, {
          method,
          redirect: "manual",
          headers: {
            "cf-connecting-ip": `10.1.${ip >> 8}.${ip & 255}`,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: method === "POST" ? "answer=confirm&t=x" : undefined,
        });
        await response.arrayBuffer();
        expect(response.status, `${method} ${url.slice(0, 300)}`).toBeLessThan(500);
        expect([200, 400, 403, 404, 410, 429], `${method} ${url.slice(0, 300)}`).toContain(response.status);
      }),
      fuzz(0xc0de, 30),
    );
    expect(await footprint()).toEqual(before);
  }, 60_000);
});

describe("random forms posted to /c/{code}", () => {
  interface Form {
    target: "own" | "other" | "unknown";
    token: "own" | "other" | "random" | "missing";
    answer: string | undefined;
    extra: Record<string, string>;
    reason: string | undefined;
    /** The phone tail a decline needs: the owner's, someone else's, or none. */
    tail: "right" | "wrong" | "missing";
    encoding: "urlencoded" | "multipart" | "json" | "text" | "none";
    origin: string | undefined;
    site: string | undefined;
    padding: number;
  }

  const form: fc.Arbitrary<Form> = fc.record({
    target: fc.constantFrom("own", "own", "other", "unknown"),
    token: fc.constantFrom("own", "own", "other", "random", "missing"),
    answer: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("confirm", "decline") },
      {
        weight: 2,
        arbitrary: fc.constantFrom(undefined, "", "CONFIRM", " confirm", "confirm\u0000", "yes", "确认", "decline;"),
      },
      { weight: 1, arbitrary: hostileText.map((t) => t.slice(0, 2000)) },
    ),
    extra: fc.dictionary(
      fc.constantFrom("lang", "volunteer", "code", "date", "status", "__proto__", "constructor", "t2", "x"),
      hostileText.map((t) => t.slice(0, 500)),
      { maxKeys: 3 },
    ),
    reason: fc.option(hostileText, { nil: undefined }),
    tail: fc.constantFrom("right", "right", "right", "wrong", "missing"),
    encoding: fc.constantFrom("urlencoded", "urlencoded", "multipart", "json", "text", "none"),
    origin: fc.constantFrom(ORIGIN, ORIGIN, undefined, "null", "https://evil.example", "http://local.evil.example"),
    site: fc.constantFrom(undefined, "same-origin", "same-origin", "cross-site", "same-site", "none"),
    padding: fc.constantFrom(0, 0, 0, 1_100_000),
  });

  /** Whether the browser-side headers could be our own page's (written from the rule, not the code). */
  function ourPage(f: Form): boolean {
    if (f.site === "cross-site" || f.site === "same-site") return false;
    if (f.origin === "null") return f.site !== "none";
    return f.origin === undefined || f.origin === ORIGIN;
  }

  it("only a well-formed answer from the link's own page is recorded; nothing else writes anything", async () => {
    let recorded = 0;
    let refused = 0;
    const tokens = new Map<string, string>();
    const tokenOf = async (code: string) => {
      if (!tokens.has(code)) tokens.set(code, await formToken(`/c/${code}`));
      return tokens.get(code)!;
    };
    await fc.assert(
      fc.asyncProperty(form, fc.integer({ min: 0, max: 9 }), async (f, pick) => {
        const code = f.target === "unknown" ? "k7HqVw3NbZt9" : codes[pick % codes.length]!;
        const otherCode = codes[(pick + 1) % codes.length]!;
        const fields: Array<[string, string]> = Object.entries(f.extra);
        if (f.token !== "missing") {
          const token =
            f.token === "random"
              ? "AAAAAAAAAAAAAAAAAAAAAA"
              : await tokenOf(f.token === "own" && f.target === "own" ? code : otherCode);
          fields.push(["t", token]);
        }
        if (f.answer !== undefined) fields.push(["answer", f.answer]);
        if (f.reason !== undefined) fields.push(["reason", f.reason]);
        const tail = (await ownerTail(`/c/${code}`)) ?? "0000";
        if (f.tail !== "missing") fields.push(["tail", f.tail === "right" ? tail : tail === "0000" ? "0001" : "0000"]);
        // The wrong-tail lock has its own test (decline-needs-owner); here it would only add noise.
        await env.DB.prepare("DELETE FROM decline_misses").run();
        if (f.padding) fields.push(["pad", "x".repeat(f.padding)]);

        const headers: Record<string, string> = { "cf-connecting-ip": "10.2.0.1" };
        if (f.origin !== undefined) headers.origin = f.origin;
        if (f.site !== undefined) headers["sec-fetch-site"] = f.site;
        let body: BodyInit | undefined;
        if (f.encoding === "urlencoded") {
          body = new URLSearchParams(fields);
          headers["content-type"] = "application/x-www-form-urlencoded";
        } else if (f.encoding === "multipart") {
          const data = new FormData();
          for (const [k, v] of fields) data.append(k, v);
          body = data;
        } else if (f.encoding === "json") {
          body = JSON.stringify(Object.fromEntries(fields));
          headers["content-type"] = "application/json";
        } else if (f.encoding === "text") {
          body = new URLSearchParams(fields).toString();
          headers["content-type"] = "text/plain";
        }

        const valid =
          f.target === "own" &&
          f.token === "own" &&
          (f.answer === "confirm" || (f.answer === "decline" && f.tail === "right")) &&
          (f.encoding === "urlencoded" || f.encoding === "multipart") &&
          f.padding === 0 &&
          ourPage(f);
        const before = await footprint();
        const response = await SELF.fetch(`${ORIGIN}/c/${code}`, { method: "POST", redirect: "manual", headers, body });
        const text = await response.text();
        const what = `${JSON.stringify({ ...f, reason: f.reason?.slice(0, 80) })} -> ${response.status}`;
        expect(response.status, what).toBeLessThan(500);
        if (valid) {
          expect(response.status, what).toBe(303);
          const volunteer = published.links.find((l) => l.url!.endsWith(`/c/${code}`))!.volunteerId;
          const row = await env.DB.prepare("SELECT answer FROM answers WHERE community = 'demo' AND volunteer_id = ?")
            .bind(volunteer)
            .first<{ answer: string }>();
          expect(row?.answer, what).toBe(f.answer);
          recorded += 1;
        } else {
          expect([400, 403, 404, 413, 429], what).toContain(response.status);
          expect(text, what).toMatch(/<html lang="(zh-CN|en)"/);
          expect(await footprint(), what).toEqual(before);
          refused += 1;
        }
      }),
      fuzz(0xf0e1, 24),
    );
    expect(recorded).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});

describe("link enumeration", () => {
  it("many random well-formed codes fast from one client: nothing found, then 429 with a zh/en page; real links still work", async () => {
    const client = "192.0.2.55";
    const guesses = fc.sample(wellFormedCode, { seed: 0xe1, numRuns: 40 });
    const statuses: number[] = [];
    // Ten at a time, as a script would.
    for (let i = 0; i < guesses.length; i += 10) {
      const batch = guesses.slice(i, i + 10).map(async (code, j) => {
        const path = (i + j) % 2 === 0 ? "/c/" : "/s/";
        const response = await SELF.fetch(`${ORIGIN}${path}${code}`, { headers: { "cf-connecting-ip": client } });
        await response.arrayBuffer();
        return response.status;
      });
      statuses.push(...(await Promise.all(batch)));
    }
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
    // 10 misses a minute; a window boundary may let 10 more through once.
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(20);
    expect(statuses.at(-1)).toBe(429);

    const zh = await SELF.fetch(`${ORIGIN}/c/${guesses[0]}`, { headers: { "cf-connecting-ip": client } });
    expect(zh.status).toBe(429);
    expect(Number(zh.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(zh.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const zhText = await zh.text();
    expect(zhText).toContain("尝试次数太多");
    expect(zhText).toContain("?lang=en");
    const en = await SELF.fetch(`${ORIGIN}/c/${guesses[1]}`, {
      headers: { "cf-connecting-ip": client, "accept-language": "en-US,en;q=0.9" },
    });
    expect(en.status).toBe(429);
    expect(await en.text()).toContain("Too many attempts");

    // A real link opens for another client. The throttled one is refused it too: a guesser must
    // not learn which of its guesses was right (tests/workers/throttle.security.test.ts).
    const real = await SELF.fetch(`${ORIGIN}/c/${codes[0]}`, { headers: { "cf-connecting-ip": "198.51.100.23" } });
    expect(real.status).toBe(200);
    await real.arrayBuffer();
    const mine = await SELF.fetch(`${ORIGIN}/c/${codes[0]}`, { headers: { "cf-connecting-ip": client } });
    expect(mine.status).toBe(429);
    await mine.arrayBuffer();
  }, 30_000);
});

describe("link-preview bots and prefetches", () => {
  const agents: Record<string, string> = {
    WeChat:
      "Mozilla/5.0 (Linux; Android 12; V2148A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 MMWEBID/1234 MicroMessenger/8.0.28.2240(0x28001C35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    WhatsApp: "WhatsApp/2.23.20.0 A",
    Telegram: "TelegramBot (like TwitterBot)",
    Slack: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    Facebook: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    Twitter: "Twitterbot/1.0",
    Discord: "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    LinkedIn: "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    Skype: "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
    iMessage:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
  };
  const prefetches: Array<Record<string, string>> = [
    { "sec-purpose": "prefetch" },
    { "sec-purpose": "prefetch;prerender" },
    { purpose: "prefetch" },
    { "x-moz": "prefetch" },
  ];

  it("GET and HEAD of a real /c/ and /s/ link from every preview bot and prefetch: nothing changes", async () => {
    const issued = await SELF.fetch(`${ORIGIN}/api/demo/signups/links`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ volunteerIds: ["V001"] }),
    });
    expect(issued.status).toBe(200);
    signupPath = pathOf(((await issued.json()) as { links: Array<{ url: string }> }).links[0]!.url);
    // A link whose owner is still on the plan (the random forms above may have declined some).
    const declined = await env.DB.prepare("SELECT volunteer_id FROM answers WHERE answer = 'decline'").all<{
      volunteer_id: string;
    }>();
    const off = new Set(declined.results.map((r) => r.volunteer_id));
    const onDuty = codes[published.links.findIndex((l) => !off.has(l.volunteerId) && l.post !== "")]!;
    const before = await footprint();
    const paths = [`/c/${onDuty}`, signupPath];
    const headerSets = [
      ...Object.values(agents).map((ua) => ({ "user-agent": ua })),
      ...prefetches.map((h) => ({ ...h, "user-agent": agents.WeChat! })),
    ];
    // A link pasted in a group is fetched by several bots at once.
    for (const path of paths) {
      for (const method of ["GET", "HEAD"]) {
        await Promise.all(
          headerSets.map(async (headers) => {
            const response = await SELF.fetch(`${ORIGIN}${path}`, { method, headers });
            expect(response.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(200);
            await response.arrayBuffer();
          }),
        );
      }
    }
    for (const method of ["GET", "HEAD"]) {
      const calendar = await SELF.fetch(`${ORIGIN}/c/${onDuty}/calendar.ics`, { method, headers: headerSets[0] });
      expect(calendar.status).toBe(200);
      await calendar.arrayBuffer();
    }
    expect(await footprint()).toEqual(before);
    // The sign-up link, too, still shows "not signed up" to the volunteer afterwards.
    expect(await countRows("link_signups")).toBe(0);
  }, 30_000);
});
