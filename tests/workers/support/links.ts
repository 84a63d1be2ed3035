/** Helpers for tests of publishing, volunteer links and the outbox. */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { Plan } from "../../../src/domain/plan/index.ts";
import { phoneTail } from "../../../src/services/decline-check.ts";
import { hashCode } from "../../../src/services/link-keys.ts";
import type { PublishResult } from "../../../src/services/publish.ts";
import type { PublicationDetails } from "../../../src/store/publications.ts";
import { latestSnapshot } from "../../../src/store/snapshots.ts";
import { tomorrow } from "./clock.ts";
import { seedDemo, sheetsCall, TOKEN } from "./emulator.ts";

export const SHEET = "demo-compound";
export const ORIGIN = "http://local";
export const auth = { authorization: `Bearer ${TOKEN}` };
export { tomorrow } from "./clock.ts";

export type Published = PublishResult & { replans: unknown[] };

/**
 * Storage is shared by the tests of a file, so each test starts from an empty day: no plans,
 * links, answers or audit rows in D1 and nothing in the outbox.
 */
export async function resetDay(): Promise<void> {
  const tables = [
    "answers",
    "answer_history",
    "links",
    "publications",
    "plan_changes",
    "assignments",
    "plans",
    "audit_log",
    "snapshots",
    "sheet_parking",
    "community_settings",
    "decline_misses",
    "attendance",
    "stage_ticks",
    "gate_counts",
    "training",
  ];
  await env.DB.batch(tables.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await runInDurableObject(outbox(), async (_instance, state) => {
    state.storage.sql.exec("DELETE FROM pending");
    state.storage.sql.exec("DELETE FROM meta");
    await state.storage.deleteAlarm();
  });
}

/** Seeds the demo, generates tomorrow's plan and publishes it. */
export async function publishTomorrow(): Promise<Published> {
  await seedDemo(SHEET);
  return generateAndPublish();
}

/** Generates tomorrow's plan from the sheet as it is now and publishes it. */
export async function generateAndPublish(): Promise<Published> {
  const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
    method: "POST",
    headers: auth,
  });
  expect(generated.status).toBe(200);
  return publish();
}

/** Personal sign-up links for these volunteers, issued as the organizer would; their paths. */
export async function issueSignupLinks(volunteerIds: string[]): Promise<string[]> {
  const issued = await SELF.fetch(`${ORIGIN}/api/demo/signups/links`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ volunteerIds }),
  });
  expect(issued.status).toBe(200);
  return ((await issued.json()) as { links: Array<{ url: string }> }).links.map((l) => pathOf(l.url));
}

export async function publish(date = tomorrow()): Promise<Published> {
  const response = await SELF.fetch(`${ORIGIN}/api/demo/plans/${date}/publish`, { method: "POST", headers: auth });
  expect(response.status).toBe(200);
  return response.json();
}

export function outbox(spreadsheetId = SHEET) {
  return env.OUTBOX.get(env.OUTBOX.idFromName(spreadsheetId));
}

/** Runs the outbox's alarm now (whenever it was due) until nothing is pending, or `max` times. */
export async function drainOutbox(max = 5, spreadsheetId = SHEET): Promise<void> {
  const stub = outbox(spreadsheetId);
  for (let i = 0; i < max && (await stub.state()).pending > 0; i++) await runDurableObjectAlarm(stub);
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export function codeOf(url: string): string {
  return pathOf(url).slice("/c/".length);
}

const planKeys = [
  "date",
  "volunteer_id",
  "name",
  "post",
  "buildings",
  "start",
  "end",
  "link",
  "status",
  "answered_at",
  "note",
  "change",
  "present",
] as const;
export type PlanTabRow = Record<(typeof planKeys)[number], string>;

/** The Plan tab as rows of cells keyed by column (date, volunteer_id, ..., status, note). */
export async function planTab(spreadsheetId = SHEET): Promise<PlanTabRow[]> {
  return (await tabRows(spreadsheetId, "'分工 Plan'", [...planKeys])) as PlanTabRow[];
}

export type MessagesTabRow = Record<"date" | "part" | "text" | "updated_at", string>;

export async function messagesTab(spreadsheetId = SHEET): Promise<MessagesTabRow[]> {
  return (await tabRows(spreadsheetId, "'群消息 Messages'", [
    "date",
    "part",
    "text",
    "updated_at",
  ])) as MessagesTabRow[];
}

/** A tab's rows as cells keyed by the given columns, in the sheet's order. */
export async function tabRows(spreadsheetId: string, range: string, keys: string[]) {
  const response = await sheetsCall(spreadsheetId, "GET", `/values/${encodeURIComponent(range)}`);
  const { values = [] } = (await response.json()) as { values?: string[][] };
  return values.slice(1).map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? ""])));
}

/** The hidden form token of a link's page. */
export async function formToken(path: string): Promise<string> {
  const html = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no form token on ${path}`);
  return token;
}

/** Posts an answer as the page's form would (same origin, with its token). */
/**
 * Answers on a link's page as its owner would. A decline carries the last 4 digits of the
 * owner's roster phone unless `tail` says otherwise (null: none sent).
 */
export async function answer(
  path: string,
  choice: string,
  options: { reason?: string; token?: string; headers?: Record<string, string>; tail?: string | null } = {},
): Promise<Response> {
  const body = new URLSearchParams({ t: options.token ?? (await formToken(path)), answer: choice });
  if (options.reason) body.set("reason", options.reason);
  const tail = options.tail === undefined && choice === "decline" ? await ownerTail(path) : options.tail;
  if (tail) body.set("tail", tail);
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...options.headers },
    body,
  });
}

export async function countRows(table: string, where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row!.n;
}

/** The newest version of tomorrow's plan in D1 (generated or published). */
export async function latestPlan(): Promise<{ version: number; plan: Plan }> {
  const row = await env.DB.prepare("SELECT version, plan FROM plans WHERE date = ? ORDER BY version DESC LIMIT 1")
    .bind(tomorrow())
    .first<{ version: number; plan: string }>();
  return { version: row!.version, plan: JSON.parse(row!.plan) as Plan };
}

/** The last 4 digits of the roster phone of a link's owner (from the latest synced roster). */
export async function ownerTail(path: string): Promise<string | undefined> {
  const code = path.split("/")[2] ?? "";
  const link = await env.DB.prepare("SELECT community, volunteer_id FROM links WHERE code_hash = ?")
    .bind(await hashCode(code))
    .first<{ community: string; volunteer_id: string }>();
  if (!link) return undefined;
  const snapshot = await latestSnapshot(env.DB, link.community);
  const phone = snapshot?.snapshot.volunteers.find((v) => v.id === link.volunteer_id)?.phone;
  return phone ? phoneTail(phone) : undefined;
}

/** Tomorrow's latest publication's zone captains, by zone and as a set of IDs. */
export async function publishedCaptains() {
  const row = await env.DB.prepare("SELECT details FROM publications WHERE date = ? ORDER BY version DESC LIMIT 1")
    .bind(tomorrow())
    .first<{ details: string }>();
  const captains = (JSON.parse(row!.details) as PublicationDetails).captains ?? {};
  return { captains, captainIds: new Set(Object.values(captains).flatMap((l) => l.map((c) => c.id))) };
}

/**
 * The latest publication's zone captains, and a route with no spare hands in a zone that has a
 * captain: its no-show (`absent`, not a captain) can only be refilled from standby.
 */
export async function tightRoute(plan: Plan) {
  const { captains, captainIds } = await publishedCaptains();
  const route = plan.routes.find(
    (r) =>
      r.volunteerIds.length === r.requiredTeam &&
      r.volunteerIds.some((id) => !captainIds.has(id)) &&
      (captains[r.zone]?.length ?? 0) > 0,
  );
  expect(route, "the demo plan has a route with no spare hands").toBeDefined();
  return { route: route!, captains, absent: route!.volunteerIds.find((id) => !captainIds.has(id))! };
}

/** The demo with the Signups tab cleared from `fromRow`: fewer people than the buildings want. */
export async function seedShortHanded(fromRow: number): Promise<void> {
  await seedDemo(SHEET);
  const cleared = await sheetsCall(
    SHEET,
    "POST",
    `/values/${encodeURIComponent(`'报名 Signups'!A${fromRow}:Z1000`)}:clear`,
    {},
  );
  expect(cleared.status).toBe(200);
}
