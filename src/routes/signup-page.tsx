/**
 * `/s/{code}`: a volunteer's personal sign-up link, the link version of the evening 接龙.
 *
 * - GET/HEAD show the page and change nothing (chat apps fetch links for previews).
 * - POST (form field `availability` = all_day | am | pm) signs up for tomorrow: D1 first, then a
 *   303 back to the page, which shows the sign-up; the row reaches the Signups tab in the
 *   background (see services/signup-links.ts). A repeated tap changes nothing: the first sign-up
 *   for a day stands, and changes go through the captain, as with the chain.
 * - Closed: after the community's evening publish time (21:00) or once tomorrow's plan is
 *   published, the page says so and a POST answers 409. A revoked link answers 410, an unknown
 *   one 404, a volunteer the roster marks inactive 403. A client with too many misses gets 429
 *   for every request, valid code or not, until its block ends (src/services/miss-limiter.ts).
 *
 * POSTs must come from our own page (Origin/Referer/Sec-Fetch-Site, checked before the body is
 * read), stay under 8 KB (413, ./body-limit.ts) and carry an HMAC token, as on the duty page
 * (`/c/{code}`).
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { cappedForm } from "./body-limit.ts";
import { foreignPost, linkPageHeaders } from "./link-guard.ts";
import { throttleOf } from "./throttle.ts";
import type { Community } from "../community.ts";
import { dayLabel } from "../domain/broadcast.ts";
import { isLinkCode } from "../domain/link-code.ts";
import { localStamp } from "../domain/local-time.ts";
import { signupWindow, type SignupWindow } from "../domain/signup-window.ts";
import { SignupPage, type SignupView } from "../pages/signup-page.tsx";
import { signupTexts } from "../pages/signup-texts.ts";
import { NoticePage } from "../pages/volunteer-page.tsx";
import { langFor, pickLang, type Lang } from "../pages/volunteer-texts.ts";
import { hashCode, linkKeys } from "../services/link-keys.ts";
import { BACKGROUND_RETRY, flushLinkSignups } from "../services/signup-links.ts";
import {
  findLinkSignup,
  findSignupLink,
  insertLinkSignup,
  isDayPublished,
  type LinkSignupRecord,
  type SignupLinkRecord,
} from "../store/signup-links.ts";
import { latestSnapshot } from "../store/snapshots.ts";

type SignupContext = Context<AppEnv>;
type NoticeKey = "unknown" | "revoked" | "limited" | "refused" | "tooLarge" | "badChoice" | "paused" | "closed";
type Texts = (typeof signupTexts)[Lang];
const noticeTexts: Record<NoticeKey, (t: Texts, day: string, time: string) => [string, string]> = {
  unknown: (t) => [t.unknownTitle, t.unknown],
  revoked: (t) => [t.revokedTitle, t.revoked],
  limited: (t) => [t.limitedTitle, t.limited],
  refused: (t) => [t.refusedTitle, t.refused],
  tooLarge: (t) => [t.tooLargeTitle, t.tooLarge],
  badChoice: (t) => [t.badChoiceTitle, t.badChoice],
  paused: (t) => [t.pausedTitle, t.paused],
  closed: (t, day, time) => [t.closedTitle, t.closed(day, time)],
};

function langOf(c: SignupContext): Lang {
  return pickLang(c.req.query("lang"), c.req.header("accept-language"));
}

function notice(
  c: SignupContext,
  status: 400 | 403 | 404 | 409 | 410 | 413 | 429,
  key: NoticeKey,
  day = "",
  time = "",
) {
  const lang = langOf(c);
  const t = signupTexts[lang];
  const [title, text] = noticeTexts[key](t, day, time);
  const other = lang === "zh" ? "en" : "zh";
  return c.html(<NoticePage lang={lang} title={title} text={text} otherLangHref={`?lang=${other}`} />, status);
}

type Resolved =
  | {
      ok: true;
      link: SignupLinkRecord;
      community: Community;
      code: string;
      lang: Lang;
      window: SignupWindow;
      signup: LinkSignupRecord | undefined;
      published: boolean;
    }
  | { ok: false; response: Response };

async function resolve(c: SignupContext): Promise<Resolved> {
  const services = c.var.services;
  const code = c.req.param("code") ?? "";
  const throttle = throttleOf(c, "link");
  const limited = async (seconds: number): Promise<Resolved> => {
    c.header("Retry-After", String(seconds));
    return { ok: false, response: await notice(c, 429, "limited") };
  };
  // Over the limit, a valid code is refused too: a guesser must not learn which guess was right.
  const wait = await throttle.retryAfter();
  if (wait > 0) return limited(wait);
  const link = isLinkCode(code) ? await findSignupLink(c.env.DB, await hashCode(code)) : undefined;
  const community = link ? await services.community(link.community) : undefined;
  if (!link || !community) {
    const over = await throttle.miss();
    if (over > 0) return limited(over);
    return { ok: false, response: await notice(c, 404, "unknown") };
  }
  if (link.revokedAt !== null) return { ok: false, response: await notice(c, 410, "revoked") };
  const window = signupWindow(services.now(), community.timeZone, community.times.publish);
  const [signup, published] = await Promise.all([
    findLinkSignup(c.env.DB, community.slug, window.date, link.volunteerId),
    isDayPublished(c.env.DB, community.slug, window.date),
  ]);
  const lang = langFor(community.language, c.req.query("lang"), c.req.header("accept-language"));
  return { ok: true, link, community, code, lang, window, signup, published };
}

export const signupPage = new Hono<AppEnv>()
  .use("/s/*", linkPageHeaders)
  .get("/s/:code", async (c) => {
    const r = await resolve(c);
    if (!r.ok) return r.response;
    const keys = await linkKeys(c.var.services.linkSecret);
    const other: Lang = r.lang === "zh" ? "en" : "zh";
    const view: SignupView = {
      lang: r.lang,
      communityName: r.community.name,
      name: r.link.name,
      day: dayLabel(r.window.date)[r.lang],
      state: r.signup ? "signed" : r.published ? "published" : r.window.open ? "open" : "closed",
      signed: r.signup
        ? { availability: r.signup.availability, at: localStamp(r.signup.signedAt, r.community.timeZone) }
        : null,
      closeTime: r.window.closeTime,
      action: `/s/${r.code}${r.lang === "en" ? "?lang=en" : ""}`,
      token: await keys.formToken(r.link.codeHash, r.window.date),
      otherLangHref: r.community.language === "zh+en" ? `/s/${r.code}?lang=${other}` : null,
    };
    return c.html(<SignupPage view={view} />);
  })
  .post("/s/:code", async (c) => {
    const r = await resolve(c);
    if (!r.ok) return r.response;
    const services = c.var.services;
    if (foreignPost(c)) return notice(c, 403, "refused");
    const form = await cappedForm(c);
    if (!form) return notice(c, 413, "tooLarge");
    const keys = await linkKeys(services.linkSecret);
    const token = typeof form.t === "string" ? form.t : "";
    if (!(await keys.formTokenMatches(token, r.link.codeHash, r.window.date))) return notice(c, 403, "refused");
    const back = `/s/${r.code}${r.lang === "en" ? "?lang=en" : ""}`;
    // A second tap (or a resent form) shows the sign-up that stands.
    if (r.signup) return c.redirect(back, 303);
    const day = dayLabel(r.window.date)[r.lang];
    if (r.published || !r.window.open) return notice(c, 409, "closed", day, r.window.closeTime);
    const availability = form.availability;
    if (availability !== "all_day" && availability !== "am" && availability !== "pm") {
      return notice(c, 400, "badChoice");
    }
    // The roster as last validated: a volunteer marked inactive since the link was issued (tested
    // positive, stopped) cannot sign up through an old link.
    const snapshot = await latestSnapshot(c.env.DB, r.community.slug);
    const onRoster = snapshot?.snapshot.volunteers.find((v) => v.id === r.link.volunteerId);
    if (onRoster && !onRoster.active) return notice(c, 403, "paused");

    await insertLinkSignup(c.env.DB, {
      community: r.community.slug,
      date: r.window.date,
      volunteerId: r.link.volunteerId,
      name: onRoster?.name ?? r.link.name,
      availability,
      signedAt: services.now(),
      codeHash: r.link.codeHash,
    });
    const gateway = services.sheetsById(r.community.spreadsheetId, {
      origin: new URL(c.req.url).origin,
      retry: BACKGROUND_RETRY,
    });
    c.executionCtx.waitUntil(flushLinkSignups({ db: c.env.DB, gateway, community: r.community, now: services.now }));
    return c.redirect(back, 303);
  });
