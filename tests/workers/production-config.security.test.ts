/**
 * A production deployment (SHEETS_BACKEND=google) refuses to serve, sign in or publish with a
 * setting that would hurt the volunteers: no https PUBLIC_URL (every link in the group message
 * would point at 127.0.0.1), a placeholder or short organizer token (anyone who read the README
 * could sign in), no LINK_SECRET (every community's links sealed with one community's token), a
 * service-account key that is not JSON, or a pinned clock. It says so naming the setting, never
 * its value: on /healthz (503), in the console, in the API's error body and in the cron log.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../src/app.ts";
import { runScheduled, TICK } from "../../src/cron/scheduled.ts";
import { localTimeToEpoch } from "../../src/domain/local-time.ts";
import { ConsoleClient } from "./support/console.ts";
import { tomorrow } from "./support/clock.ts";
import { PRODUCTION_TOKEN, productionEnv } from "./support/production.ts";

type Env = Cloudflare.Env;

function workerIn(deployment: Env) {
  const app = buildApp();
  return async (request: Request) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(request, deployment, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

interface Problem {
  setting: string;
  zh: string;
  en: string;
}

async function healthOf(deployment: Env): Promise<{ status: number; body: { ok: boolean; problems?: Problem[] } }> {
  const response = await workerIn(deployment)(new Request("https://zonecrew.example.org/healthz"));
  return { status: response.status, body: await response.json() };
}

afterEach(() => vi.restoreAllMocks());

describe("a production deployment with a setting that would hurt volunteers", () => {
  it("a correct production deployment is healthy", async () => {
    expect(await healthOf(await productionEnv())).toEqual({
      status: 200,
      body: { ok: true, backend: "google", community: "demo" },
    });
  });

  const broken: Array<{ what: string; change: Partial<Env>; setting: string; secret?: string }> = [
    { what: "no PUBLIC_URL", change: { PUBLIC_URL: undefined }, setting: "PUBLIC_URL" },
    { what: "a plain-http PUBLIC_URL", change: { PUBLIC_URL: "http://zonecrew.example.org" }, setting: "PUBLIC_URL" },
    { what: "PUBLIC_URL on this machine", change: { PUBLIC_URL: "https://127.0.0.1:8787" }, setting: "PUBLIC_URL" },
    {
      what: "the README's placeholder organizer token",
      change: { ORGANIZER_TOKEN: "replace-me-with-a-long-random-token" },
      setting: "ORGANIZER_TOKEN",
      secret: "replace-me-with-a-long-random-token",
    },
    {
      what: "an organizer token shorter than 32 characters",
      change: { ORGANIZER_TOKEN: "only-twenty-six-characters" },
      setting: "ORGANIZER_TOKEN",
      secret: "only-twenty-six-characters",
    },
    { what: "no LINK_SECRET", change: { LINK_SECRET: undefined }, setting: "LINK_SECRET" },
    {
      what: "a service-account key that is not JSON",
      change: { GOOGLE_SERVICE_ACCOUNT_KEY: '{"type":"service_account","private_key":"-----BEGIN' },
      setting: "GOOGLE_SERVICE_ACCOUNT_KEY",
      secret: "-----BEGIN",
    },
    { what: "a pinned clock", change: { ZC_NOW: "2026-12-05T07:20:00+08:00" }, setting: "ZC_NOW" },
  ];

  for (const b of broken) {
    it(`${b.what}: /healthz 503 and every route refuses, naming ${b.setting} in zh and en`, async () => {
      const deployment = { ...(await productionEnv()), ...b.change };
      const health = await healthOf(deployment);
      expect(health.status).toBe(503);
      expect(health.body.ok).toBe(false);
      const problem = health.body.problems!.find((p) => p.setting === b.setting)!;
      expect(problem.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(problem.en).toContain(b.setting);

      const api = await workerIn(deployment)(
        new Request("https://zonecrew.example.org/api/demo", {
          headers: { authorization: `Bearer ${deployment.ORGANIZER_TOKEN}` },
        }),
      );
      expect(api.status).toBe(500);
      const body = await api.text();
      expect(body).toContain(b.setting);
      if (b.secret) expect(body).not.toContain(b.secret);
      expect(JSON.stringify(health.body)).not.toContain(b.secret ?? "\u0000");
    });
  }

  it("the console shows the organizer which setting to fix, and signing in with a placeholder token fails", async () => {
    const deployment = { ...(await productionEnv()), ORGANIZER_TOKEN: "replace-me-with-a-long-random-token" };
    const client = new ConsoleClient(workerIn(deployment));
    const page = await client.get("/console");
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain("ORGANIZER_TOKEN");
    expect(html).toContain("服务配置有误");
    expect(html).toContain("The service is misconfigured");
    const login = await client.post("/console/login", { community: "demo", token: deployment.ORGANIZER_TOKEN });
    expect(login.status).toBe(500);
    expect(login.headers.getSetCookie().join("")).not.toContain("zc_console");
  });

  it("volunteer pages say only that they are down, not which setting", async () => {
    const deployment = { ...(await productionEnv()), PUBLIC_URL: undefined };
    const page = await workerIn(deployment)(new Request("https://zonecrew.example.org/c/k7HqVw3NbZt9"));
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain("暂时打不开");
    expect(html).not.toContain("PUBLIC_URL");
  });

  it("the evening cron without PUBLIC_URL publishes nothing, sends nothing, and says why in its log", async () => {
    const deployment = {
      ...(await productionEnv()),
      PUBLIC_URL: undefined,
      NOTIFY_WEBHOOKS: JSON.stringify({ demo: { wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" } }),
    };
    const outbound: string[] = [];
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    const evening = localTimeToEpoch(tomorrow(), "21:00", "Asia/Shanghai") - 24 * 3600_000;
    const reports = await runScheduled(deployment, evening, TICK, {
      fetch: async (request) => {
        outbound.push(request.url);
        return new Response("{}", { status: 500 });
      },
    });
    expect(reports).toEqual([]);
    expect(outbound).toEqual([]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM links").first("n")).toBe(0);
    const line = logged.find((l) => l.includes("PUBLIC_URL"));
    expect(line).toMatch(/^\[cron\] 配置错误/);
    expect(line).toContain("nothing is published");
  });

  it("the local default keeps working without PUBLIC_URL or LINK_SECRET, and honours a pinned clock", async () => {
    const local = { ...env, PUBLIC_URL: undefined, LINK_SECRET: undefined, ZC_NOW: "2026-12-05T21:00:00+08:00" };
    const health = await workerIn(local)(new Request("http://127.0.0.1:8787/healthz"));
    expect(await health.json()).toMatchObject({ ok: true, backend: "emulator", pinnedNow: "2026-12-05T13:00:00.000Z" });
    const badPin = await healthOf({ ...env, ZC_NOW: "tomorrow morning" });
    expect(badPin.status).toBe(503);
    expect(badPin.body.problems!.map((p) => p.setting)).toEqual(["ZC_NOW"]);
  });

  it("a production token of 32+ random characters signs in to the API", async () => {
    const deployment = await productionEnv();
    const api = await workerIn(deployment)(
      new Request("https://zonecrew.example.org/api/demo", {
        headers: { authorization: `Bearer ${PRODUCTION_TOKEN}` },
      }),
    );
    expect(api.status).toBe(200);
  });
});
