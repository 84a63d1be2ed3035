/**
 * The three daily jobs. Each is a short list of idempotent steps (see run-job.ts), so running it
 * twice, after a manual publish, or again after a crash does nothing harmful.
 *
 * - publish (evening, for tomorrow): sync + generate from the valid rows, publish (links, Plan and
 *   Messages tabs), post the group message. If an organizer already published, nothing changes.
 * - chase (early morning, for today): take every decline off the plan with the minimal-change
 *   replan (a standby steps in), mark every unanswered post "at risk" in the Plan tab, and remind
 *   the unanswered in the group (@mention by phone where the service allows).
 * - digest (after assembly, for today): coverage, answers, the roll call by zone (present, absent,
 *   refilled), suits handed out, supplies against stock.
 * - wrap_up (end of the day, for today): the roll call, stages done per building and what is left,
 *   parcels counted at the gate and delivered per wave.
 */
import { parkingOf } from "../store/sheet-parking.ts";
import type { Community } from "../community.ts";
import type { Plan } from "../domain/plan/index.ts";
import { dayLabel, reminderMessages, splitMessage } from "../domain/broadcast.ts";
import { digestText } from "../domain/digest.ts";
import { wrapUpText } from "../domain/wrap-up.ts";
import { dayProgress, rollSummary } from "../services/day-summary.ts";
import { localDate } from "../domain/local-time.ts";
import type { Bindings, Services } from "../env.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { answersForDay } from "../store/answers.ts";
import { latestPublishedPlan } from "../store/plans.ts";
import { latestSnapshot } from "../store/snapshots.ts";
import { markAtRisk } from "../services/at-risk.ts";
import { dayUrls, lineFor, recordDayMessages } from "../services/day-messages.ts";
import { latestPublication, planChangesForDay } from "../store/publications.ts";
import { effectiveStatus } from "../services/day-status.ts";
import { generatePlan } from "../services/generate.ts";
import { importFromPasteTab } from "../services/paste-import.ts";
import { flushLinkSignups } from "../services/signup-links.ts";
import { publishPlan } from "../services/publish.ts";
import { reconcileDeclines } from "../services/replan-day.ts";
import { deliver, type DeliveryReport } from "./deliver.ts";
import type { WebhookConfig } from "./notify/adapters.ts";
import type { Step } from "./run-job.ts";

export interface JobContext {
  env: Bindings;
  services: Services;
  community: Community;
  date: string;
  now: number;
  webhooks: WebhookConfig | undefined;
  fetch: (r: Request) => Promise<Response>;
}

function outboxDeps(ctx: JobContext) {
  const outbox = ctx.services.outbox(ctx.community.spreadsheetId);
  return {
    db: ctx.env.DB,
    community: ctx.community,
    date: ctx.date,
    now: ctx.now,
    secret: ctx.services.linkSecret,
    actor: "cron",
    enqueue: (rows: OutboxRow[]) => outbox.enqueue(ctx.community.spreadsheetId, rows),
  };
}

function send(
  ctx: JobContext,
  kind: "broadcast" | "reminder" | "digest" | "wrap_up",
  text: string,
  mentionPhones?: string[],
) {
  return deliver({
    db: ctx.env.DB,
    community: ctx.community.slug,
    date: ctx.date,
    config: ctx.webhooks,
    message: { kind, text, mentionPhones },
    fetch: ctx.fetch,
    now: ctx.now,
  });
}

/**
 * Delivery failures fail the step (and so the run) AFTER the plan is safe: the next tick resumes
 * at this step, and parts already sent are skipped, so a chat outage delays a message but never
 * the plan, and never duplicates one.
 */
function mustDeliver(report: DeliveryReport): DeliveryReport {
  if (report.failed.length > 0) {
    throw new Error(
      `group message not delivered yet: ${report.failed.map((f) => `${f.channel}#${f.part} ${f.error}`).join("; ")}`,
    );
  }
  return report;
}

export async function publishJob(ctx: JobContext, step: Step): Promise<unknown> {
  const { env, community, date } = ctx;
  // Checked once per run: on a resumed run this step is skipped, because our own earlier attempt
  // is what published.
  const already = await step("check", async () => {
    const published = await latestPublishedPlan(env.DB, community.slug, date);
    return published ? { version: published.version } : null;
  });
  if (already) {
    // An organizer published first: their version and links stand, and they told the group.
    return { skipped: "already_published", version: already.version };
  }
  // Sign-ups made on personal links wait in D1 until the next flush; put them in the sheet first,
  // or the people who signed up last would miss tomorrow's plan. A failed flush fails the step
  // (the next tick resumes here) rather than publishing a plan without them.
  await step("signups", async () => {
    const flushed = await flushLinkSignups({
      db: env.DB,
      gateway: ctx.services.sheets(community),
      community,
      now: () => ctx.now,
    });
    if (flushed.status === "failed") throw new Error(`link sign-ups not in the sheet yet (${flushed.pending} waiting)`);
    return { appended: flushed.appended, pending: flushed.pending };
  });
  // Chains pasted in the sheet's Paste tab join tomorrow's sign-ups before planning.
  const pasted = await step("paste", async () => {
    const results = await importFromPasteTab({ gateway: ctx.services.sheets(community), community, now: ctx.now });
    return results.reduce((n, r) => n + r.added, 0);
  });
  const generated = await step("generate", async () => {
    const result = await generatePlan({
      gateway: ctx.services.sheets(community),
      db: env.DB,
      community,
      date,
      now: ctx.now,
      actor: "cron",
    });
    return { version: result.record.version, onDuty: result.record.plan.metrics.onDuty, counts: result.sync.counts };
  });
  if (generated && generated.onDuty === 0) {
    const text = `【${community.name}】${dayLabel(date).zh}没有可排班的有效报名，分工未发布。请查看“问题”表。`;
    const report = await send(ctx, "broadcast", text);
    return { published: false, reason: "no_valid_volunteers", counts: generated.counts, notify: report };
  }
  const origin = ctx.services.vars.PUBLIC_URL ?? "http://127.0.0.1:8787";
  const published = await step("publish", async () => {
    const result = await publishPlan({ ...outboxDeps(ctx), origin });
    await reconcileDeclines(outboxDeps(ctx));
    return { version: result.version, links: result.links.length, messages: result.messages };
  });
  const notify = await step("notify", async () => {
    // On a resumed run the message is printed again from D1: same version, same links.
    const messages = published?.messages ?? (await publishPlan({ ...outboxDeps(ctx), origin })).messages;
    const plan = await latestPublishedPlan(env.DB, community.slug, date);
    const errors = generated?.counts.errors ?? 0;
    const excluded = errors > 0 ? `\n⚠️ 有 ${errors} 行填写有误，没有参与排班，见“问题”表。` : "";
    return mustDeliver(await send(ctx, "broadcast", messages.join("\n\n") + excluded + suppliesNote(plan?.plan)));
  });
  return {
    published: true,
    version: published?.version,
    links: published?.links,
    pasted,
    counts: generated?.counts,
    notify,
  };
}

/** Tomorrow's protective supplies against stock, for the organizers reading the group message. */
function suppliesNote(plan: Plan | undefined): string {
  const lines = (plan?.supplies ?? []).map(
    (s) =>
      `${s.status === "ok" ? "" : "⚠️ "}${s.item}：需要 ${s.needed}${s.unit}，库存 ${s.stock}${s.unit}` +
      (s.status === "short" ? "（不够）" : s.status === "reorder" ? "（低于补货线）" : ""),
  );
  return lines.length > 0 ? `\n\n【物资】\n${lines.join("\n")}` : "";
}

export async function chaseJob(ctx: JobContext, step: Step): Promise<unknown> {
  const { env, community, date } = ctx;
  const refilled = await step("refill", async () => (await reconcileDeclines(outboxDeps(ctx))).length);
  const plan = await latestPublishedPlan(env.DB, community.slug, date);
  if (!plan) return { skipped: "not_published" };
  const answers = new Map((await answersForDay(env.DB, community.slug, date)).map((a) => [a.volunteerId, a]));
  // A "yes" given before someone was moved to a new duty does not count for it (day-status.ts).
  const changes = await planChangesForDay(env.DB, community.slug, date);
  const unanswered = plan.plan.assignments
    .map((a) => a.volunteerId)
    .filter((id) => effectiveStatus(id, answers.get(id), changes) === "pending");
  await step("at_risk", async () => {
    const outbox = ctx.services.outbox(community.spreadsheetId);
    const marked = await markAtRisk({
      db: env.DB,
      community,
      date,
      unanswered,
      enqueue: (rows) => outbox.enqueue(community.spreadsheetId, rows),
    });
    return marked.atRisk;
  });
  const snapshot = await latestSnapshot(env.DB, community.slug);
  const people = new Map((snapshot?.snapshot.volunteers ?? []).map((v) => [v.id, v]));
  const notify = await step("remind", async () => {
    if (unanswered.length === 0) return undefined;
    // Copy-ready for the console and the Messages tab first (personal groups have no bots);
    // a webhook, when set, posts the same text.
    const publication = await latestPublication(env.DB, community.slug, date);
    const urls = await dayUrls({
      db: env.DB,
      secret: ctx.services.linkSecret,
      community: community.slug,
      date,
      origin: publication?.details.origin ?? ctx.services.vars.PUBLIC_URL ?? "",
      now: ctx.now,
    });
    const nameOf = (id: string) => people.get(id)?.name ?? publication?.details.names[id] ?? id;
    const lines = unanswered.flatMap(
      (id) => lineFor(plan.plan, id, nameOf(id), urls.get(id) ?? "（链接之前已发）") ?? [],
    );
    const parts = reminderMessages({ community: community.name, date, lines, language: community.language });
    await recordDayMessages(outboxDeps(ctx), "reminder", parts);
    const phones = unanswered.map((id) => people.get(id)?.phone).filter((p): p is string => Boolean(p));
    return mustDeliver(await send(ctx, "reminder", parts.join("\n\n"), phones));
  });
  return { refilled, atRisk: unanswered.length, notify };
}

export async function digestJob(ctx: JobContext, step: Step): Promise<unknown> {
  const { env, community, date } = ctx;
  const plan = await latestPublishedPlan(env.DB, community.slug, date);
  const answers = await answersForDay(env.DB, community.slug, date);
  const on = new Set(plan?.plan.assignments.map((a) => a.volunteerId) ?? []);
  const counts = {
    confirmed: answers.filter((a) => on.has(a.volunteerId) && a.answer === "confirm").length,
    declined: answers.filter((a) => a.answer === "decline").length,
    pending: [...on].filter((id) => !answers.some((a) => a.volunteerId === id)).length,
  };
  const warnDays = Number(env.SUPPLY_WARN_DAYS ?? 3);
  const sheetParked = await parkingOf(env.DB, community.spreadsheetId);
  const rollCall = await rollSummary(env.DB, community, date);
  const text = digestText({
    date,
    communityName: community.name,
    plan: plan?.plan,
    answers: counts,
    warnDays,
    sheetParked,
    language: community.language,
    rollCall,
  });
  const notify = await step("notify", async () => {
    await recordDayMessages(outboxDeps(ctx), "digest", splitMessage(text));
    return mustDeliver(await send(ctx, "digest", text));
  });
  return { answers: counts, text, notify, localDate: localDate(ctx.now, community.timeZone) };
}

export async function wrapUpJob(ctx: JobContext, step: Step): Promise<unknown> {
  const { env, community, date } = ctx;
  const progress = await dayProgress(env.DB, community, date, ctx.now);
  if (!progress) return { skipped: "not_published" };
  const text = wrapUpText({
    date,
    communityName: community.name,
    language: community.language,
    board: progress.board,
    counts: progress.counts,
    rollCall: await rollSummary(env.DB, community, date),
  });
  // Copy-ready in the console and the Messages tab first (personal groups have no bots).
  const notify = await step("notify", async () => {
    await recordDayMessages(outboxDeps(ctx), "wrap_up", splitMessage(text));
    return mustDeliver(await send(ctx, "wrap_up", text));
  });
  return { done: progress.board.done, total: progress.board.total, text, notify };
}
