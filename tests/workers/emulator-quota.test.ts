/**
 * The emulator counts Google's Sheets quota as Google does: per user (a service account, named by
 * its bearer token) across every spreadsheet it touches, and per project, reads and writes apart.
 * Counting per spreadsheet hid a town's load: 50 sheets at 20 calls a minute is 1,000 calls for
 * the one account they share.
 */
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { exportPKCS8, generateKeyPair } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorQuota } from "../../src/emulator/quota-object.ts";
import { emulatorStub } from "../../src/env.ts";
import { GoogleSheetsGateway } from "../../src/sheets/google-gateway.ts";
import { memoryTokenCache, parseServiceAccountKey, ServiceAccountAuth } from "../../src/sheets/service-account.ts";
import { seedDemo, sheetsCall, TOKEN } from "./support/emulator.ts";

const ORIGIN = "http://local";
/**
 * When the test's JWTs are signed (seconds): fixed, and far enough ahead that the token endpoint,
 * which like Google's judges expiry by its own clock, never finds them expired, whatever the hour.
 */
const SIGNED_AT = Date.UTC(2099, 0, 1) / 1000;
const admin = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

async function setLimits(limits: unknown): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/emulator/quota`, { method: "PUT", headers: admin, body: JSON.stringify({ limits }) });
}

/** A service account's key whose token endpoint is the emulator's. */
async function accountKey(email: string): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return JSON.stringify({
    type: "service_account",
    client_email: email,
    private_key: await exportPKCS8(privateKey),
    token_uri: `${ORIGIN}/emulator/oauth2/token`,
  });
}

async function tokenFor(email: string): Promise<string> {
  const auth = new ServiceAccountAuth(parseServiceAccountKey(await accountKey(email)), {
    fetch: (r) => SELF.fetch(r),
    now: () => SIGNED_AT,
    cache: memoryTokenCache(),
  });
  return (await auth.getRequestHeaders()).Authorization!.replace(/^Bearer /, "");
}

const read = (sheet: string, token = TOKEN) =>
  emulatorStub(env, sheet).fetch(
    new Request(`https://sheets.googleapis.com/v4/spreadsheets/${sheet}?fields=properties.title`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );

afterEach(async () => {
  expect((await setLimits(null)).status).toBe(200);
});

describe("the emulator's Sheets quota", () => {
  it("counts one user's reads across every spreadsheet it touches, and answers Google's 429", async () => {
    await seedDemo("quota-a");
    await seedDemo("quota-b");
    await setLimits({ perUser: { reads: 3, writes: 60 }, perProject: { reads: 300, writes: 300 } });
    expect((await read("quota-a")).status).toBe(200);
    expect((await read("quota-a")).status).toBe(200);
    expect((await read("quota-b")).status).toBe(200);
    const refused = await read("quota-b");
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(body.error.message).toContain("'Read requests per minute per user'");
    // Writes are counted apart: the same user may still write.
    const write = await sheetsCall("quota-a", "POST", "/values:batchClear", { ranges: ["接龙粘贴 Paste!A2:A2"] });
    expect(write.status).toBe(200);

    const report = (await (await SELF.fetch(`${ORIGIN}/emulator/quota`, { headers: admin })).json()) as {
      users: Record<string, { reads: number; writes: number; throttled: number; maxReadsPerMinute: number }>;
    };
    expect(report.users["zonecrew@emulator.iam.gserviceaccount.com"]).toMatchObject({
      reads: 3,
      writes: 1,
      throttled: 1,
      maxReadsPerMinute: 3,
    });
  });

  it("remembers the calls of the last minute and the day's figures when it starts again", async () => {
    const stub = env.EMULATOR_QUOTA.get(env.EMULATOR_QUOTA.idFromName("quota-restart"));
    await stub.setLimits({ perUser: { reads: 3, writes: 60 }, perProject: { reads: 300, writes: 300 } });
    const user = "zonecrew@emulator.iam.gserviceaccount.com";
    const now = 1_800_000_000_000;
    expect(await stub.admit(user, "read", now)).toEqual({ ok: true });
    expect(await stub.admit(user, "read", now + 1_000)).toEqual({ ok: true });
    await runInDurableObject(stub, async (_instance, state) => {
      // A new instance on the same storage: what a restart of the local Worker leaves.
      const restarted = new EmulatorQuota(state, env);
      expect(restarted.admit(user, "read", now + 2_000)).toEqual({ ok: true });
      expect(restarted.admit(user, "read", now + 3_000)).toEqual({ ok: false, scope: "user" });
      expect(restarted.report().users[user]).toMatchObject({ reads: 3, throttled: 1, maxReadsPerMinute: 3 });
      // A minute after the first call there is room again.
      expect(restarted.admit(user, "read", now + 60_001)).toEqual({ ok: true });
    });
  });

  it("gives each service account its own limit and the project one limit over all of them", async () => {
    await seedDemo("quota-c");
    await setLimits({ perUser: { reads: 2, writes: 60 }, perProject: { reads: 3, writes: 300 } });
    const second = await tokenFor("second@emulator.iam.gserviceaccount.com");
    const elsewhere = await tokenFor("third@another-project.iam.gserviceaccount.com");
    expect((await read("quota-c")).status).toBe(200);
    expect((await read("quota-c")).status).toBe(200);
    expect((await read("quota-c")).status).toBe(429); // the first account's own limit
    expect((await read("quota-c", second)).status).toBe(200); // another user: its own limit
    const project = await read("quota-c", second);
    expect(project.status).toBe(429); // the project's limit, though this user has room
    expect(((await project.json()) as { error: { message: string } }).error.message).toContain(
      "'Read requests per minute'",
    );
    expect((await read("quota-c", elsewhere)).status).toBe(200); // another project
  });

  it("counts a spreadsheet's calls per account too, so a checker's reads are not the Worker's", async () => {
    await seedDemo("quota-by-account");
    await SELF.fetch(`${ORIGIN}/emulator/stats?spreadsheet=quota-by-account`, { method: "DELETE", headers: admin });
    const checker = await tokenFor("checker@elsewhere.iam.gserviceaccount.com");
    expect((await read("quota-by-account")).status).toBe(200);
    expect((await read("quota-by-account")).status).toBe(200);
    expect((await read("quota-by-account", checker)).status).toBe(200);
    const stats = (await (
      await SELF.fetch(`${ORIGIN}/emulator/stats?spreadsheet=quota-by-account`, { headers: admin })
    ).json()) as { reads: number; perMinuteByAccount: Record<string, Record<string, { reads: number }>> };
    expect(stats.reads).toBe(3);
    const reads = (account: string) =>
      Object.values(stats.perMinuteByAccount[account] ?? {}).reduce((n, m) => n + m.reads, 0);
    expect(reads("checker@elsewhere.iam.gserviceaccount.com")).toBe(1);
    expect(reads(Object.keys(stats.perMinuteByAccount).find((a) => !a.startsWith("checker@"))!)).toBe(2);
  });

  it("accepts only tokens it issued: a forged token for another account is 401", async () => {
    await seedDemo("quota-d");
    const issued = await tokenFor("second@emulator.iam.gserviceaccount.com");
    const [, , mac] = issued.split(".").slice(-3);
    const forged = `ya29.emu.${btoa("someone@emulator.iam.gserviceaccount.com").replace(/=+$/, "")}.${mac}`;
    expect((await read("quota-d", forged)).status).toBe(401);
    expect((await read("quota-d", "not-a-token")).status).toBe(401);
    expect((await read("quota-d", issued)).status).toBe(200);
  });

  it("serves a gateway signed in as a service account through the emulator's token endpoint", async () => {
    await seedDemo("quota-e");
    const key = parseServiceAccountKey(await accountKey("gateway@emulator.iam.gserviceaccount.com"));
    const cache = memoryTokenCache();
    const auth = new ServiceAccountAuth(key, {
      fetch: (r) => SELF.fetch(r),
      now: () => SIGNED_AT,
      cache,
    });
    const gateway = new GoogleSheetsGateway({
      spreadsheetId: "quota-e",
      url: "",
      auth,
      fetch: (r) => emulatorStub(env, "quota-e").fetch(r),
    });
    const read = await gateway.read(["volunteers"]);
    expect(read.tabs.volunteers!.rows.length).toBeGreaterThan(100);
    expect(cache.stats.exchanges).toBe(1);
    const report = (await (await SELF.fetch(`${ORIGIN}/emulator/quota`, { headers: admin })).json()) as {
      users: Record<string, { reads: number }>;
    };
    expect(report.users["gateway@emulator.iam.gserviceaccount.com"]!.reads).toBeGreaterThan(0);
  });

  it("refuses bad limits with a reason in Chinese and English", async () => {
    const response = await setLimits({ perUser: { reads: 0 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/配额设置不对.*Bad quota limits/);
  });
});
