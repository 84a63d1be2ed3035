/**
 * Security headers on every page a person or a bot can reach, including the error pages: a CSP
 * whose scripts are none or our own file (never 'unsafe-inline'), no framing, nosniff; and
 * no-referrer on the volunteer link pages, whose path is the volunteer's secret.
 *
 * Headers of one page family are checked in depth beside it (answer.security.test.ts for the link
 * pages, console.security.test.ts for the console); this file walks all of them, GET and HEAD.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/local-time.ts";
import { gridStyle } from "../../src/pages/emulator-grid.tsx";
import { ConsoleClient, workerAt } from "./support/console.ts";
import { setFaults } from "./support/emulator.ts";
import { auth, ORIGIN, pathOf, publishTomorrow, SHEET, tomorrow } from "./support/links.ts";

interface Page {
  what: string;
  status: number;
  response: Response;
  link?: boolean;
}

/** The script sources a policy allows: script-src, or default-src when script-src is absent. */
function scriptSources(csp: string): string[] {
  const directives = new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
  return directives.get("script-src") ?? directives.get("default-src") ?? ["*"];
}

function expectSafe(page: Page): void {
  const { what, response } = page;
  expect(response.status, what).toBe(page.status);
  const csp = response.headers.get("content-security-policy");
  expect(csp, `${what}: CSP`).toBeTruthy();
  const scripts = scriptSources(csp!);
  for (const source of scripts) {
    expect(["'none'", "'self'"].includes(source) || source.startsWith("'nonce-"), `${what}: script ${source}`).toBe(
      true,
    );
  }
  expect(csp, what).not.toContain("unsafe-inline");
  expect(csp, what).not.toContain("unsafe-eval");
  expect(csp, what).toMatch(/(^|;)\s*frame-ancestors 'none'/);
  expect(response.headers.get("x-content-type-options"), `${what}: nosniff`).toBe("nosniff");
  if (page.link) expect(response.headers.get("referrer-policy"), `${what}: referrer`).toBe("no-referrer");
}

let dutyPath: string;
/** Someone on duty in the published day: which volunteer IDs are depends on the demo's date. */
let onDuty: string;
let signupPath: string;
let revokedPath: string;

beforeAll(async () => {
  const published = await publishTomorrow();
  dutyPath = pathOf(published.links[0]!.url!);
  onDuty = published.links[0]!.volunteerId;
  const issue = async (ids: string[]) => {
    const response = await SELF.fetch(`${ORIGIN}/api/demo/signups/links`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ volunteerIds: ids }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { links: Array<{ url: string }> }).links.map((l) => pathOf(l.url));
  };
  [signupPath = "", revokedPath = ""] = await issue(["V001", "V002"]);
  const revoke = await SELF.fetch(`${ORIGIN}/api/demo/signups/links/V002/revoke`, { method: "POST", headers: auth });
  expect(revoke.status).toBe(200);
});

const get = (path: string, init: RequestInit = {}) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init });

/** Misses from one client until the limiter answers 429 (10 a minute; a window may reset once). */
async function limited(prefix: string, ip: string): Promise<Response> {
  for (let i = 0; i < 25; i++) {
    const response = await get(`${prefix}zzzzzzzzzzz${String.fromCharCode(97 + (i % 26))}`, {
      headers: { "cf-connecting-ip": ip },
    });
    if (response.status === 429) return response;
    await response.arrayBuffer();
  }
  throw new Error(`${prefix}: never limited`);
}

describe("security headers on every page", () => {
  it("volunteer link pages and their 404/410/429 pages, GET and HEAD: no script, no framing, nosniff, no-referrer", async () => {
    const dayAfter = Date.parse(`${addDays(tomorrow(), 2)}T00:00:00Z`);
    const pages: Page[] = [];
    for (const method of ["GET", "HEAD"]) {
      pages.push(
        { what: `${method} duty page`, status: 200, response: await get(dutyPath, { method }), link: true },
        {
          what: `${method} duty ?lang=en`,
          status: 200,
          response: await get(`${dutyPath}?lang=en`, { method }),
          link: true,
        },
        {
          what: `${method} calendar`,
          status: 200,
          response: await get(`${dutyPath}/calendar.ics`, { method }),
          link: true,
        },
        {
          what: `${method} unknown duty link`,
          status: 404,
          response: await get("/c/k7HqVw3NbZt9", { method }),
          link: true,
        },
        {
          what: `${method} malformed duty link`,
          status: 404,
          response: await get("/c/..%2f..%2f", { method }),
          link: true,
        },
        {
          what: `${method} expired duty link`,
          status: 410,
          response: await workerAt(dayAfter)(new Request(`${ORIGIN}${dutyPath}`, { method })),
          link: true,
        },
        { what: `${method} sign-up page`, status: 200, response: await get(signupPath, { method }), link: true },
        { what: `${method} revoked sign-up`, status: 410, response: await get(revokedPath, { method }), link: true },
        {
          what: `${method} unknown sign-up`,
          status: 404,
          response: await get("/s/k7HqVw3NbZt9", { method }),
          link: true,
        },
      );
    }
    pages.push(
      { what: "duty 429", status: 429, response: await limited("/c/", "192.0.2.81"), link: true },
      { what: "sign-up 429", status: 429, response: await limited("/s/", "192.0.2.82"), link: true },
    );
    // A refused POST answers with a page too.
    pages.push({
      what: "refused answer",
      status: 403,
      response: await get(dutyPath, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
        body: "answer=confirm&t=x",
      }),
      link: true,
    });
    for (const page of pages) expectSafe(page);
  });

  it("console pages signed in and out, its 404, the script itself", async () => {
    const out = new ConsoleClient();
    const signed = await new ConsoleClient().signedIn();
    const pages: Page[] = [
      { what: "sign-in page", status: 200, response: await out.get("/console") },
      { what: "day page signed out", status: 303, response: await out.get(`/console/${tomorrow()}`) },
      { what: "day page", status: 200, response: await signed.get(`/console/${tomorrow()}`) },
      { what: "print page", status: 200, response: await signed.get(`/console/${tomorrow()}/print`) },
      { what: "QR page", status: 200, response: await signed.get(`/console/${tomorrow()}/qr/${onDuty}`) },
      { what: "console bad date", status: 404, response: await signed.get("/console/not-a-date") },
      { what: "console script", status: 200, response: await out.get("/console/console.js") },
    ];
    for (const page of pages) expectSafe(page);
  });

  it("health, the API and its errors, the 404 of an unknown path, the emulator's grid page and its 404", async () => {
    const pages: Page[] = [
      { what: "healthz", status: 200, response: await get("/healthz") },
      { what: "HEAD healthz", status: 200, response: await get("/healthz", { method: "HEAD" }) },
      { what: "api config", status: 200, response: await get("/api/demo", { headers: auth }) },
      { what: "api 401", status: 401, response: await get("/api/demo") },
      { what: "api bad date", status: 400, response: await get("/api/demo/plans/nope", { headers: auth }) },
      { what: "unknown path", status: 404, response: await get("/no/such/page") },
      {
        what: "unknown path, HTML accepted",
        status: 404,
        response: await get("/wp-login.php", { headers: { accept: "text/html" } }),
      },
      {
        what: "emulator grid",
        status: 200,
        response: await get("/emulator/?tab=%E5%BF%97%E6%84%BF%E8%80%85%20Volunteers", { headers: auth }),
      },
      {
        what: "emulator grid, no such sheet",
        status: 404,
        response: await get("/emulator/?spreadsheet=no-such-sheet", { headers: auth }),
      },
      { what: "emulator grid, signed out", status: 401, response: await get("/emulator/") },
      {
        what: "emulator API",
        status: 200,
        response: await get(`/emulator/v4/spreadsheets/${SHEET}`, { headers: auth }),
      },
    ];
    for (const page of pages) expectSafe(page);
  });

  it("the emulator grid's one inline style is the one the default policy allows by hash", async () => {
    const response = await get("/emulator/", { headers: auth });
    const html = await response.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([gridStyle]);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(gridStyle));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(response.headers.get("content-security-policy")).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it("headers are not lost when the handler fails (a sheet not shared with us answers 502 JSON)", async () => {
    // Access denied is not retried, so the error comes back at once.
    await setFaults(SHEET, { denyAccess: true });
    try {
      const response = await get("/api/demo/sheet", { headers: auth });
      expectSafe({ what: "502", status: 502, response });
    } finally {
      await setFaults(SHEET, {});
    }
    expect(env.SPREADSHEET_ID).toBe(SHEET);
  });
});
