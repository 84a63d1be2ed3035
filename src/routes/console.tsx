/**
 * The organizer console, `/console` (pages in src/pages/console-*.tsx):
 * - `GET /console`: sign-in, or straight to the day page (today until noon, then tomorrow);
 * - `POST /console/login` (community + organizer token) and `POST /console/logout`;
 * - `GET /console/{date}`: the day at a glance, the plan by zone with links and QR codes, the
 *   group message, the last sync's problems, supplies;
 * - `POST /console/{date}/sync|generate|publish|replan`: the same services as the API, then a
 *   303 back to the day page, which shows the result once (a short-lived cookie);
 * - `GET /console/{date}/print`: the A4 gate-board plan; `GET /console/{date}/qr/{volunteer}`: a
 *   volunteer's link as a big QR code to scan from the organizer's phone;
 * - `GET /console/console.js`: the optional script (copy buttons, "working…" labels).
 *
 * Safety: the session is a signed, HttpOnly, Secure, SameSite=Strict cookie scoped to /console
 * (src/services/console-session.ts). Without a valid session every page redirects to sign-in and
 * shows no data. Every POST needs the session's CSRF token and must come from our own origin
 * (Origin, else Referer; `Sec-Fetch-Site` when sent); otherwise 403 and nothing changes. Origin
 * and cookies are checked before a POST's body is read, and the body is capped (413 over 8 KB,
 * ./body-limit.ts). Sign-ins are throttled per client (src/services/miss-limiter.ts): after too
 * many wrong tokens every sign-in is refused with 429, the right token too, until the block ends.
 */
import type { ImportView } from "../pages/console-import.tsx";
import { importChain } from "../services/signup-import.ts";
import { checkPaste } from "./chain-paste.ts";
import { attendanceForDay, markAttendance } from "../services/roll-call.ts";
import { replanDay } from "../services/replan-day.ts";
import { defaultSettings } from "../domain/settings.ts";
import { updateSettings } from "../services/community-settings.ts";
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import type { Community } from "../community.ts";
import { addDays, localDate, localTimeToEpoch } from "../domain/local-time.ts";
import { routeLabel } from "../domain/glossary.ts";
import { consoleScript, consoleStyle, printStyle } from "../pages/console-assets.ts";
import { ConsoleNotice, DayPage, QrPage, SignInPage, type ConsoleAction, type Flash } from "../pages/console-page.tsx";
import { PrintPage } from "../pages/console-print.tsx";
import { texts as volunteerTexts } from "../pages/volunteer-texts.ts";
import { consoleTexts, type ConsoleLang, type ConsoleTexts } from "../pages/console-texts.ts";
import { consoleDay, type ConsoleDay } from "../services/console-day.ts";
import {
  consoleKeys,
  LOGIN_COOKIE,
  randomId,
  sameText,
  SESSION_COOKIE,
  SESSION_MS,
} from "../services/console-session.ts";
import { generatePlan } from "../services/generate.ts";
import { publishPlan } from "../services/publish.ts";
import { qrSvg } from "../services/qr-svg.ts";
import { consoleSessionOf, currentTokenTag, type SignedIn } from "./console-auth.ts";
import { reconcileDeclines } from "../services/replan-day.ts";
import { syncCommunity } from "../services/sync.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { SheetsError } from "../sheets/sheets-error.ts";
import { recordSignOut } from "../store/console-signouts.ts";
import { latestPublishedPlan } from "../store/plans.ts";
import { cappedForm } from "./body-limit.ts";
import { verifyOrganizerToken } from "./organizer-auth.ts";
import { throttleOf } from "./throttle.ts";

type ConsoleContext = Context<AppEnv>;

const LANG_COOKIE = "zc_console_lang";
const FLASH_COOKIE = "zc_console_flash";
const cookieBase = { path: "/console", httpOnly: true, secure: true, sameSite: "Strict" } as const;

const sha256Base64 = async (text: string) =>
  btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))));
let styleHashes: Promise<string> | undefined;

function langOf(c: ConsoleContext): ConsoleLang {
  const asked = c.req.query("lang");
  if (asked === "en" || asked === "zh") {
    setCookie(c, LANG_COOKIE, asked, { ...cookieBase, maxAge: 365 * 24 * 3600 });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === "en" ? "en" : "zh";
}

const otherLangHref = (lang: ConsoleLang) => `?lang=${lang === "zh" ? "en" : "zh"}`;

function isDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** Until noon the day being run is today; from noon on, organizers prepare tomorrow. */
function defaultDate(community: Community, now: number): string {
  const today = localDate(now, community.timeZone);
  return now < localTimeToEpoch(today, "12:00", community.timeZone) ? today : addDays(today, 1);
}

type Signed = SignedIn;

/** The valid session of this request (src/routes/console-auth.ts says what makes one valid). */
function signedIn(c: ConsoleContext): Promise<Signed | undefined> {
  return consoleSessionOf(c.var.services, c.env.DB, getCookie(c, SESSION_COOKIE));
}

/** No (valid) session: back to sign-in, with nothing of the page. */
function toSignIn(c: ConsoleContext): Response {
  if (getCookie(c, SESSION_COOKIE) === undefined) return c.redirect("/console", 303);
  deleteCookie(c, SESSION_COOKIE, cookieBase);
  return c.redirect("/console?m=expired", 303);
}

/** POSTs must come from our own pages: a foreign or missing Origin/Referer is refused. */
function fromOurPages(c: ConsoleContext): boolean {
  const own = new URL(c.req.url).origin;
  const published = c.var.services.vars.PUBLIC_URL ? new URL(c.var.services.vars.PUBLIC_URL).origin : own;
  const ok = (origin: string) => origin === own || origin === published;
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = c.req.header("origin");
  if (origin !== undefined) return ok(origin);
  const referer = c.req.header("referer");
  if (referer === undefined) return false;
  try {
    return ok(new URL(referer).origin);
  } catch {
    return false;
  }
}

function refused(c: ConsoleContext, lang: ConsoleLang) {
  const t = consoleTexts[lang];
  return c.html(<ConsoleNotice t={t} title={t.refusedTitle} text={t.refused} />, 403);
}

function tooLarge(c: ConsoleContext, lang: ConsoleLang) {
  const t = consoleTexts[lang];
  return c.html(<ConsoleNotice t={t} title={t.tooLargeTitle} text={t.tooLarge} />, 413);
}

function notFound(c: ConsoleContext, lang: ConsoleLang) {
  const t = consoleTexts[lang];
  return c.html(<ConsoleNotice t={t} title={t.notFoundTitle} text={t.notFound} />, 404);
}

async function signInPage(c: ConsoleContext, lang: ConsoleLang, status: 200 | 401 | 429, message?: string) {
  const nonce = randomId();
  setCookie(c, LOGIN_COOKIE, nonce, { ...cookieBase, maxAge: 3600 });
  const keys = await consoleKeys(c.var.services.linkSecret);
  const t = consoleTexts[lang];
  const community = c.req.query("community") ?? c.var.services.vars.COMMUNITY_SLUG;
  return c.html(
    <SignInPage
      t={t}
      community={community}
      loginToken={await keys.loginToken(nonce)}
      message={message}
      langHref={otherLangHref(lang)}
    />,
    status,
  );
}

function readFlash(c: ConsoleContext): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (raw === undefined) return undefined;
  deleteCookie(c, FLASH_COOKIE, cookieBase);
  try {
    const flash = JSON.parse(raw) as Flash;
    return typeof flash === "object" && flash !== null && typeof flash.action === "string" ? flash : undefined;
  } catch {
    return undefined;
  }
}

async function runAction(c: ConsoleContext, community: Community, date: string, action: ConsoleAction): Promise<Flash> {
  const services = c.var.services;
  const origin = new URL(c.req.url).origin;
  const db = c.env.DB;
  const now = services.now();
  const outbox = services.outbox(community.spreadsheetId);
  const deps = {
    db,
    community,
    date,
    now,
    secret: services.linkSecret,
    actor: "organizer",
    enqueue: (rows: OutboxRow[]) => outbox.enqueue(community.spreadsheetId, rows),
  };
  try {
    switch (action) {
      case "sync": {
        const r = await syncCommunity({ gateway: services.sheets(community, origin), db, community, now });
        return { action, ok: true, ...r.counts };
      }
      case "generate": {
        const mode = c.req.query("mode") === "fresh" ? "fresh" : "stable";
        const r = await generatePlan({ ...deps, gateway: services.sheets(community, origin), mode });
        const m = r.record.plan.metrics;
        return {
          action,
          ok: true,
          version: r.record.version,
          unchanged: r.unchanged,
          onDuty: m.onDuty,
          covered: m.covered,
          buildings: m.buildings,
        };
      }
      case "publish": {
        const r = await publishPlan({ ...deps, origin: services.vars.PUBLIC_URL ?? origin });
        // As the API does: anyone who declined an earlier version is taken off this one too.
        const replans = await reconcileDeclines(deps);
        return {
          action,
          ok: true,
          version: r.version,
          links: r.links.length,
          fresh: r.links.filter((l) => l.issued === "new").length,
          parts: r.messages.length,
          replans: replans.length,
        };
      }
      case "replan": {
        if (!(await latestPublishedPlan(db, community.slug, date))) {
          return { action, ok: true, replans: 0, changed: 0, published: false };
        }
        const outcomes = await reconcileDeclines(deps);
        const changed = outcomes.reduce((n, o) => n + (o.status === "replanned" ? o.changes.length : 0), 0);
        return { action, ok: true, replans: outcomes.length, changed, published: true };
      }
      case "retry": {
        // Someone fixed the sheet (unprotected, shared again): write what waits now, not at the next probe.
        const report = await outbox.retryNow();
        const rows = report.status === "idle" ? 0 : report.rows;
        return { action, ok: true, written: report.status !== "failed", rows };
      }
    }
  } catch (error) {
    if (error instanceof ApiError || error instanceof SheetsError) {
      return { action, ok: false, zh: error.zh, en: error.en };
    }
    console.error("console action failed", action, error);
    return { action, ok: false, zh: "服务器内部错误，请稍后再试。", en: "Internal error; please try again." };
  }
}

/**
 * What every console POST passes before it acts: a real date, a signed-in session, a request from
 * our own pages, a body within the cap, and the session's CSRF token.
 */
async function consolePost(c: ConsoleContext) {
  const lang = langOf(c);
  const date = c.req.param("date") ?? "";
  const fail = (response: Response | Promise<Response>) => ({ ok: false as const, response });
  if (!isDate(date)) return fail(notFound(c, lang));
  const signed = await signedIn(c);
  if (!signed) return fail(toSignIn(c));
  if (!fromOurPages(c)) return fail(refused(c, lang));
  const form = await cappedForm(c);
  if (!form) return fail(tooLarge(c, lang));
  const keys = await consoleKeys(c.var.services.linkSecret);
  if (!(await keys.csrfMatches(signed.session, form.csrf))) return fail(refused(c, lang));
  return { ok: true as const, lang, date, signed, form };
}

export const consoleRoutes = new Hono<AppEnv>()
  .use("/console", securityHeaders)
  .use("/console/*", securityHeaders)
  .get("/console/console.js", (c) =>
    c.body(consoleScript, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }),
  )
  .get("/console", async (c) => {
    const lang = langOf(c);
    const signed = await signedIn(c);
    if (signed) return c.redirect(`/console/${defaultDate(signed.community, c.var.services.now())}`, 303);
    const t = consoleTexts[lang];
    const hadCookie = getCookie(c, SESSION_COOKIE) !== undefined;
    if (hadCookie) deleteCookie(c, SESSION_COOKIE, cookieBase);
    const m = c.req.query("m");
    const message = m === "expired" || hadCookie ? t.expired : m === "signedout" ? t.signedOut : undefined;
    return signInPage(c, lang, 200, message);
  })
  .post("/console/login", async (c) => {
    const lang = langOf(c);
    const t = consoleTexts[lang];
    const services = c.var.services;
    const nonce = getCookie(c, LOGIN_COOKIE);
    // Cheap checks first: nothing of a foreign or cookie-less POST is read.
    if (!fromOurPages(c) || !nonce) return refused(c, lang);
    const throttle = throttleOf(c, "console");
    const tooMany = (seconds: number) => {
      c.header("Retry-After", String(seconds));
      return signInPage(c, lang, 429, t.tooMany);
    };
    // Over the limit the right token is refused too: a guesser must not learn which guess was right.
    const wait = await throttle.retryAfter();
    if (wait > 0) return tooMany(wait);
    const form = await cappedForm(c);
    if (!form) return tooLarge(c, lang);
    const keys = await consoleKeys(services.linkSecret);
    const given = typeof form.login === "string" ? form.login : "";
    if (!sameText(given, await keys.loginToken(nonce))) return refused(c, lang);
    const slug = typeof form.community === "string" ? form.community.trim().toLowerCase() : "";
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const community = slug ? await services.community(slug) : undefined;
    const ok = community !== undefined && token !== "" && (await verifyOrganizerToken(services, community, token));
    const tag = ok ? await currentTokenTag(services, community) : undefined;
    if (!ok || !tag) {
      // The same answer whether the community or the token was wrong; guessing is throttled.
      const over = await throttle.miss();
      if (over > 0) return tooMany(over);
      return signInPage(c, lang, 401, t.wrongToken);
    }
    const session = await keys.issue({ community: community.slug, tokenTag: tag, now: services.now() });
    setCookie(c, SESSION_COOKIE, session.value, { ...cookieBase, maxAge: SESSION_MS / 1000 });
    deleteCookie(c, LOGIN_COOKIE, cookieBase);
    return c.redirect(`/console/${defaultDate(community, services.now())}`, 303);
  })
  .post("/console/logout", async (c) => {
    const lang = langOf(c);
    const signed = await signedIn(c);
    if (!signed) return toSignIn(c);
    if (!fromOurPages(c)) return refused(c, lang);
    const form = await cappedForm(c);
    if (!form) return tooLarge(c, lang);
    const keys = await consoleKeys(c.var.services.linkSecret);
    if (!(await keys.csrfMatches(signed.session, form.csrf))) return refused(c, lang);
    await recordSignOut(c.env.DB, signed.session, c.var.services.now());
    deleteCookie(c, SESSION_COOKIE, cookieBase);
    return c.redirect("/console?m=signedout", 303);
  })
  .get("/console/:date", async (c) => {
    const r = await signedDay(c);
    if (!r.ok) return r.response;
    const csrf = await (await consoleKeys(c.var.services.linkSecret)).csrf(r.signed.session);
    const t = consoleTexts[r.lang];
    return c.html(<DayPage t={t} day={r.day} csrf={csrf} flash={readFlash(c)} langHref={otherLangHref(r.lang)} />);
  })
  .get("/console/:date/print", async (c) => {
    const r = await signedDay(c);
    if (!r.ok) return r.response;
    if (!r.day.plan) return c.redirect(`/console/${r.date}`, 303);
    return c.html(<PrintPage t={consoleTexts[r.lang]} day={r.day} />);
  })
  .get("/console/:date/qr/:volunteer", async (c) => {
    const r = await signedDay(c);
    if (!r.ok) return r.response;
    const { lang, date, day } = r;
    const t = consoleTexts[lang];
    const found = findPerson(day, c.req.param("volunteer"), t);
    if (!found?.person.url) return notFound(c, lang);
    const { person, duty } = found;
    return c.html(
      <QrPage
        t={t}
        date={date}
        communityName={day.communityName}
        name={person.name}
        duty={duty}
        url={person.url!}
        svg={qrSvg(person.url!, { title: t.qrAlt(person.name) })}
      />,
    );
  })
  .post("/console/:date/roll", async (c) => {
    const p = await consolePost(c);
    if (!p.ok) return p.response;
    const { lang, date, signed, form } = p;
    const community = signed.community;
    const [published, marks] = await Promise.all([
      latestPublishedPlan(c.env.DB, community.slug, date),
      attendanceForDay(c.env.DB, community.slug, date),
    ]);
    const volunteer = typeof form.volunteer === "string" ? form.volunteer : "";
    // Anyone on the plan, or a no-show a refill took off it: coming late, they are marked 到 and
    // the refill stands (the same list a zone captain marks).
    const listed = published?.plan.assignments.some((a) => a.volunteerId === volunteer) || marks.has(volunteer);
    if (!published || !listed || !["present", "absent"].includes(String(form.mark))) {
      return notFound(c, lang);
    }
    const outbox = c.var.services.outbox(community.spreadsheetId);
    await markAttendance(
      {
        db: c.env.DB,
        now: c.var.services.now(),
        enqueue: (rows: OutboxRow[]) => outbox.enqueue(community.spreadsheetId, rows),
      },
      community,
      date,
      { volunteerId: volunteer, present: form.mark === "present", by: "organizer" },
    );
    return c.redirect(`/console/${date}#roll-call`, 303);
  })
  // 找人顶替 from the console: the same no-show refill a zone captain makes on their page.
  .post("/console/:date/refill", async (c) => {
    const p = await consolePost(c);
    if (!p.ok) return p.response;
    const { lang, date, signed, form } = p;
    const community = signed.community;
    const volunteer = typeof form.volunteer === "string" ? form.volunteer : "";
    const marks = await attendanceForDay(c.env.DB, community.slug, date);
    if (marks.get(volunteer)?.present !== false) return notFound(c, lang);
    const outbox = c.var.services.outbox(community.spreadsheetId);
    const outcome = await replanDay(
      {
        db: c.env.DB,
        community,
        date,
        now: c.var.services.now(),
        secret: c.var.services.linkSecret,
        actor: "organizer",
        enqueue: (rows: OutboxRow[]) => outbox.enqueue(community.spreadsheetId, rows),
      },
      { kind: "no_show", volunteerId: volunteer },
    );
    // A refused refill says why, as the captain's page does: the no-show checked in meanwhile,
    // marks kept changing under every attempt, or a stale form named a standby (who has no duty).
    // Nothing was written in any of these.
    const reason = outcome.status === "nothing_to_do" ? outcome.reason : null;
    const refused =
      reason === "not_absent"
        ? "refillNotAbsent"
        : reason === "roll_call_changed"
          ? "refillBusy"
          : reason === "standby"
            ? "refillStandby"
            : null;
    const flash: Flash =
      outcome.status === "replanned"
        ? { action: "replan", ok: true, replans: 1, changed: outcome.changes.length, published: true }
        : refused
          ? { action: "replan", ok: false, zh: volunteerTexts.zh[refused], en: volunteerTexts.en[refused] }
          : { action: "replan", ok: true, replans: 0, changed: 0, published: true };
    setCookie(c, FLASH_COOKIE, JSON.stringify(flash), { ...cookieBase, maxAge: 120 });
    return c.redirect(`/console/${date}#notify`, 303);
  })
  // 导入接龙: preview (nothing written) or import a pasted chain for this date.
  .post("/console/:date/import", async (c) => {
    const p = await consolePost(c);
    if (!p.ok) return p.response;
    const { lang, date, signed, form } = p;
    const services = c.var.services;
    const text = typeof form.text === "string" ? form.text : "";
    const step = form.step === "import" ? "import" : "preview";
    let view: ImportView;
    try {
      const paste = checkPaste(text, date, signed.community, services.now());
      const outcome = await importChain(
        {
          gateway: services.sheets(signed.community, new URL(c.req.url).origin),
          community: signed.community,
          now: services.now(),
        },
        paste.text,
        paste.date,
        { preview: step === "preview" },
      );
      view =
        outcome.kind === "imported"
          ? { kind: "report", step, report: outcome.report }
          : outcome.kind === "refused"
            ? {
                kind: "refused",
                zh: outcome.plan.refusal!.zh,
                en: outcome.plan.refusal!.en,
                lines: [],
              }
            : {
                kind: "refused",
                zh: "志愿者表或报名表缺失或表头读不懂，无法导入，请先修好。",
                en: "The Volunteers or Signups tab is missing or its headers cannot be read: fix it first.",
                lines: outcome.problems.map((q) => ({ line: q.tab, zh: q.zh, en: q.en })),
              };
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof SheetsError)) throw error;
      view = { kind: "refused", zh: error.zh, en: error.en, lines: [] };
    }
    const r = await signedDay(c);
    if (!r.ok) return r.response;
    const csrf = await (await consoleKeys(services.linkSecret)).csrf(signed.session);
    const status = view.kind === "refused" ? 422 : 200;
    return c.html(
      <DayPage
        t={consoleTexts[lang]}
        day={r.day}
        csrf={csrf}
        langHref={otherLangHref(lang)}
        imported={{ text, view }}
      />,
      status,
    );
  })
  .post("/console/:date/settings", async (c) => {
    const p = await consolePost(c);
    if (!p.ok) return p.response;
    const { date, signed, form } = p;
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(defaultSettings)) {
      if (typeof form[key] === "string") input[key] = form[key];
    }
    const result = await updateSettings(
      { db: c.env.DB, now: c.var.services.now(), actor: "organizer" },
      signed.community,
      input,
    );
    const flash: Flash = result.ok
      ? { action: "settings", ok: true }
      : {
          action: "settings",
          ok: false,
          zh: result.problems.map((p) => p.zh).join(""),
          en: result.problems.map((p) => p.en).join(" "),
        };
    setCookie(c, FLASH_COOKIE, JSON.stringify(flash), { ...cookieBase, maxAge: 120 });
    return c.redirect(`/console/${date}#${result.ok ? "settings" : "flash"}`, 303);
  })
  .post("/console/:date/:action{sync|generate|publish|replan|retry}", async (c) => {
    const p = await consolePost(c);
    if (!p.ok) return p.response;
    const { date, signed } = p;
    const flash = await runAction(c, signed.community, date, c.req.param("action") as ConsoleAction);
    setCookie(c, FLASH_COOKIE, JSON.stringify(flash), { ...cookieBase, maxAge: 120 });
    return c.redirect(`/console/${date}`, 303);
  });

/**
 * What every page of one date needs: a valid date, a signed-in session (else back to sign-in,
 * showing nothing), and the day as the console shows it.
 */
async function signedDay(
  c: ConsoleContext,
): Promise<
  | { ok: false; response: Response | Promise<Response> }
  | { ok: true; lang: ConsoleLang; date: string; signed: Signed; day: ConsoleDay }
> {
  const lang = langOf(c);
  const date = c.req.param("date") ?? "";
  if (!isDate(date)) return { ok: false, response: notFound(c, lang) };
  const signed = await signedIn(c);
  if (!signed) return { ok: false, response: toSignIn(c) };
  const services = c.var.services;
  const day = await consoleDay({
    db: c.env.DB,
    community: signed.community,
    date,
    now: services.now(),
    secret: services.linkSecret,
  });
  day.serviceAccount = services.serviceAccountOf(signed.community);
  return { ok: true, lang, date, signed, day };
}

/** A volunteer on the day's plan, with their duty in words. */
function findPerson(day: ConsoleDay, id: string, t: ConsoleTexts) {
  const plan = day.plan;
  if (!plan) return undefined;
  const en = t.htmlLang === "en";
  for (const r of plan.routes) {
    const person = r.people.find((p) => p.id === id);
    // By zone and buildings, as the volunteer's page says it: the route's ID means nothing to them.
    const label = routeLabel(r.zone, r.buildings);
    if (person) return { person, duty: `${en ? label.en : label.zh} · ${r.start}–${r.end}` };
  }
  for (const post of plan.posts) {
    const person = post.people.find((p) => p.id === id);
    if (person) return { person, duty: `${en ? post.en : post.zh} · ${post.start}–${post.end}` };
  }
  const person = plan.standby.find((p) => p.id === id);
  return person ? { person, duty: t.standby } : undefined;
}

/**
 * Our pages run no inline script and load nothing from elsewhere: the style is allowed by its
 * hash, the one script by 'self'. Nothing is cached, framed or indexed.
 */
async function securityHeaders(c: ConsoleContext, next: () => Promise<void>) {
  await next();
  styleHashes ??= Promise.all([sha256Base64(consoleStyle), sha256Base64(printStyle)]).then((hashes) =>
    hashes.map((h) => `'sha256-${h}'`).join(" "),
  );
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'self'; style-src ${await styleHashes}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("X-Robots-Tag", "noindex, nofollow");
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
}
