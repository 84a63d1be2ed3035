/**
 * The page a volunteer opens from their link, in WeChat's browser on a cheap phone: server
 * rendered, no JavaScript, one request (the style is inline and allowed by its CSP hash), a few
 * KB. It shows their own duty only: no other volunteer's phone number is ever on it.
 *
 * @example
 * c.html(<VolunteerPage view={view} />)
 */
import { RollCall, type RollCallView } from "./roll-call.tsx";
import { TrainingNote, type TrainingNoteView } from "./training-note.tsx";
import { DayWork } from "./day-work.tsx";
import type { DayWorkView } from "../services/day-work.ts";
import { routeLabel, terms } from "../domain/glossary.ts";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { chineseOnly, dayLabel } from "../domain/broadcast.ts";
import type { Assignment, Plan, PostPlan, RoutePlan } from "../domain/plan/index.ts";
import type { EffectiveStatus } from "../services/day-status.ts";
import { texts, type Lang, type Texts } from "./volunteer-texts.ts";
import { changeBannerText } from "./change-banner.tsx";

export const pageStyle = `body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.05rem;margin:0 0 .4rem}
.sub{color:#59636e;margin:0 0 .8rem}
section{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:.8rem;margin:.7rem 0}
.status{border-width:2px}.pending{border-color:#bf8700;background:#fff8c5}.confirmed{border-color:#1a7f37;background:#dafbe1}.declined{border-color:#cf222e;background:#ffebe9}
.big{font-size:1.15rem;font-weight:600}
table{border-collapse:collapse;width:100%}td{padding:.25rem .3rem;border-top:1px solid #eef0f2;vertical-align:top}td:first-child{white-space:nowrap;color:#59636e}
.tag{display:inline-block;font-size:.8rem;padding:0 .35rem;border-radius:4px;background:#ffebe9;color:#a40e26;margin-left:.25rem}
.cold{background:#ddf4ff;color:#0a3069}
.suit{background:#fff1e5;border-color:#fb8f44}
button{font:inherit;font-size:1.1rem;width:100%;padding:.8rem;margin:.3rem 0;border-radius:8px;border:1px solid #d1d9e0;background:#fff}
button.yes{background:#1a7f37;border-color:#1a7f37;color:#fff;font-weight:600}
textarea{font:inherit;width:100%;box-sizing:border-box;min-height:3rem}
label{display:block;color:#59636e;margin-top:.5rem}
input.tail{display:block;font:inherit;font-size:1.2rem;width:6em;letter-spacing:.2em;padding:.3rem;margin-top:.2rem}
.hint{color:#59636e;font-size:.9rem;margin:.3rem 0}.problem{color:#a40e26;font-weight:600}
form.inline{display:flex;gap:.3rem;margin:0}button.small{font-size:1rem;padding:.45rem .6rem;margin:0;width:auto}
th{text-align:left;font-weight:600;padding:.25rem .3rem;font-size:.9rem}.board td.done{color:#1a7f37}.board td.late{color:#a40e26;font-weight:600}
form.count{border-top:1px solid #eef0f2;padding:.4rem 0}form.count label{display:inline-block;margin:0 .4rem .2rem 0}form.count input{font:inherit;width:4.5em;padding:.3rem;display:block}
a{color:#0969da}footer{display:flex;justify-content:space-between;margin:1rem 0 2rem}`;

export interface VolunteerView {
  lang: Lang;
  communityName: string;
  date: string;
  name: string;
  status: EffectiveStatus;
  /** The volunteer confirmed before being moved to a new duty. */
  movedSinceAnswer: boolean;
  answeredAt: string | null;
  reason: string;
  replacedBy: string | null;
  replaces: string | null;
  left: boolean;
  assembly: { start: string; place: string | null; note: string } | null;
  plan: Plan;
  assignment: Assignment | null;
  /** Team mates' names (never phone numbers). */
  team: string[];
  /** Zone captains to call, with their phones (the only phones on a page). */
  captains: Array<{ zone: string; name: string; phone: string }>;
  canAnswer: boolean;
  /** Local "HH:MM" until which the answer can change (the volunteer's start), if known. */
  cutoffTime: string | null;
  /** Local HH:MM by which to arrive, when the community asks people to come early. */
  arriveEarly?: string | null;
  /** Form action (the link's own path) and the anti-forgery token. */
  action: string;
  token: string;
  calendarHref: string | null;
  /** The other language's page; null when the community reads one language only. */
  otherLangHref: string | null;
  /** The roll call, once it is open (30 minutes before assembly). */
  rollCall?: RollCallView | null;
  /** The day's work once it has begun: ticks, the zone board, gate counts (src/services/day-work.ts). */
  dayWork?: DayWorkView | null;
  /** The community's time zone, for the times the day's work shows. */
  timeZone?: string;
  /** The owner's own roll-call mark, when there is one (before the roll call opens too). */
  ownMark?: { present: boolean; time: string } | null;
  /** 先培训再分工: go to the training first (trainee), or who the trainees are (trainer). */
  trainingNote?: TrainingNoteView | null;
  /** The day roll call recorded the owner trained (培训日期), which the training note says. */
  trainedOn?: string | null;
  /** Why the last decline was refused (a wrong phone tail), shown beside the decline form. */
  declineProblem?: { kind: "wrong"; left: number } | { kind: "locked"; until: string } | null;
}

/** The page shell both volunteer pages share (duty /c/{code}, sign-up /s/{code}). */
export function Layout(props: { lang: Lang; title: string; children: Child }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={props.lang === "zh" ? "zh-CN" : "en"}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <style>{raw(pageStyle)}</style>
        </head>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** A short page for expired, unknown, refused or not-yet-published links. */
export function NoticePage(props: { lang: Lang; title: string; text: string; otherLangHref?: string }) {
  return (
    <Layout lang={props.lang} title={props.title}>
      <h1>{props.title}</h1>
      <section>
        <p>{props.text}</p>
      </section>
      {props.otherLangHref ? (
        <footer>
          <a href={props.otherLangHref}>{texts[props.lang].otherLang}</a>
        </footer>
      ) : null}
    </Layout>
  );
}

function postName(view: VolunteerView, t: Texts): { name: string; place: string | null } {
  const a = view.assignment;
  if (!a) return { name: t.notOnPlan, place: null };
  if (a.kind === "standby") return { name: terms.standby[view.lang], place: null };
  if (a.kind === "post") {
    const post = view.plan.posts.find((p) => p.id === a.postId);
    const name = post ? (view.lang === "zh" ? chineseOnly(post.zh) : post.en) : (a.postId ?? "");
    return { name, place: post?.place ?? null };
  }
  const zone = view.plan.routes.find((r) => r.id === a.postId)?.zone ?? "";
  return { name: routeLabel(zone, a.buildings)[view.lang], place: null };
}

function StatusBox({ view, t }: { view: VolunteerView; t: Texts }) {
  const lines: string[] = [];
  // A changed duty is said once, in the status box itself: old and new, and to confirm again.
  const change = changeBannerText(view);
  // Called in on the day itself (a no-show refilled at the roll call): come now, first.
  if (change && view.rollCall) lines.push(t.comeNow);
  if (view.status === "pending") lines.push(change ?? (view.movedSinceAnswer ? t.movedPending : t.pending));
  if (view.status === "confirmed") lines.push(t.confirmed);
  if (view.status === "declined") lines.push(t.declined);
  if (view.replacedBy) lines.push(t.replacedBy(view.replacedBy));
  else if (view.left) lines.push(t.noReplacement);
  if (view.replaces && view.assignment) lines.push(t.replaces(view.replaces));
  return (
    <section class={`status ${view.status}`} role={change ? "alert" : undefined}>
      <p class="big">{lines[0]}</p>
      {lines.slice(1).map((l) => (
        <p>{l}</p>
      ))}
      {view.answeredAt ? (
        <p>
          {t.answeredAt}
          {view.answeredAt}
          {view.reason ? ` · ${view.reason}` : ""}
        </p>
      ) : null}
    </section>
  );
}

function Timetable({ route, lang, t }: { route: RoutePlan; lang: Lang; t: Texts }) {
  return (
    <section>
      <h2>{t.timetable}</h2>
      <table>
        {route.timetable.map((s) => (
          <tr>
            <td>
              {s.start}–{s.end}
            </td>
            <td>
              {lang === "zh" ? chineseOnly(s.zh) : s.en}
              {s.place ? ` · ${lang === "zh" ? chineseOnly(s.place) : s.place}` : ""}
            </td>
          </tr>
        ))}
      </table>
    </section>
  );
}

function Waves({ route, t }: { route: RoutePlan; t: Texts }) {
  const stageTime = (stepId: string | null) => route.timetable.find((s) => s.stepId === stepId);
  return (
    <section>
      <h2>{t.parcels}</h2>
      <p>{t.priorityFirst}</p>
      {route.deliveries.map((w) => {
        const stage = stageTime(w.stepId);
        return (
          <>
            <p class="big">
              {t.wave(w.wave)}
              {stage ? ` ${stage.start}–${stage.end}` : ""}
            </p>
            {w.stops.length === 0 ? (
              <p>{t.noParcels}</p>
            ) : (
              <table>
                {w.stops.map((s) => (
                  <tr>
                    <td>{s.building}</td>
                    <td>
                      {t.pieces(s.parcels)}
                      {s.medicine > 0 ? <span class="tag">{`${t.medicine} ${s.medicine}`}</span> : null}
                      {s.coldChain > 0 ? <span class="tag cold">{`${t.coldChain} ${s.coldChain}`}</span> : null}
                    </td>
                  </tr>
                ))}
              </table>
            )}
          </>
        );
      })}
    </section>
  );
}

function PostBlock({ post, t }: { post: PostPlan; t: Texts }) {
  return (
    <table>
      <tr>
        <td>{t.time}</td>
        <td>
          {post.start}–{post.end}
        </td>
      </tr>
      {post.place ? (
        <tr>
          <td>{t.place}</td>
          <td>{post.place}</td>
        </tr>
      ) : null}
    </table>
  );
}

/** The last 4 digits of the roster phone: asked before anything takes someone off the plan. */
function TailField({ t }: { t: Texts }) {
  return (
    <label>
      {t.tailLabel}
      <input
        name="tail"
        inputmode="numeric"
        pattern="[0-9０-９]{4}"
        maxlength={4}
        autocomplete="off"
        required
        class="tail"
      />
    </label>
  );
}

function TailProblem({ t, problem }: { t: Texts; problem: VolunteerView["declineProblem"] }) {
  if (!problem) return null;
  return (
    <p class="problem" role="alert">
      {problem.kind === "wrong" ? t.tailWrong(problem.left) : t.tailLocked(problem.until)}
    </p>
  );
}

/**
 * After the deadline an answer can no longer change, but someone on the plan who has not arrived
 * can still say 临时来不了 (with their phone tail, as for a decline): they are marked 未到 and
 * their captain can call in a standby at once.
 */
function LateCannotCome({ view, t }: { view: VolunteerView; t: Texts }) {
  const problem = view.declineProblem;
  if (view.assignment === null || view.assignment.kind === "standby" || view.status === "declined") {
    return <p>{t.tooLate}</p>;
  }
  const own = view.rollCall?.own ?? view.ownMark ?? null;
  if (own) return <p>{own.present ? t.tooLate : t.lateMarkedAbsent}</p>;
  return (
    <form method="post" action={`${view.action.replace(/\?.*$/, "")}/cannot-come`} id="decline">
      <p>{t.lateCannotCome}</p>
      <input type="hidden" name="t" value={view.token} />
      <TailField t={t} />
      <TailProblem t={t} problem={problem} />
      <button>{t.cannotCome}</button>
    </form>
  );
}

function AnswerForm({ view, t }: { view: VolunteerView; t: Texts }) {
  if (!view.canAnswer) return <LateCannotCome view={view} t={t} />;
  const onPlan = view.assignment !== null;
  const problem = view.declineProblem;
  const until = view.cutoffTime ? <p>{t.changeUntil(view.cutoffTime)}</p> : null;
  const early = view.arriveEarly ? <p class="big">{t.arriveBy(view.arriveEarly)}</p> : null;
  if (!onPlan) {
    return view.status === "declined" ? (
      <form method="post" action={view.action}>
        <input type="hidden" name="t" value={view.token} />
        <button class="yes" name="answer" value="confirm">
          {t.rejoin}
        </button>
        {until}
      </form>
    ) : null;
  }
  // Two forms: confirming is one tap; declining asks for the phone tail (required there only).
  return (
    <>
      {view.status !== "confirmed" ? (
        <form method="post" action={view.action}>
          <input type="hidden" name="t" value={view.token} />
          <button class="yes" name="answer" value="confirm">
            {t.confirm}
          </button>
        </form>
      ) : null}
      {view.status !== "declined" ? (
        <form method="post" action={view.action} id="decline">
          <input type="hidden" name="t" value={view.token} />
          <input type="hidden" name="answer" value="decline" />
          <label>
            {t.reasonLabel}
            <textarea name="reason" maxlength={200}></textarea>
          </label>
          <TailField t={t} />
          <p class="hint">{t.tailWhy}</p>
          <TailProblem t={t} problem={problem} />
          <button>{t.decline}</button>
        </form>
      ) : null}
      {early}
      {until}
    </>
  );
}

export function VolunteerPage({ view }: { view: VolunteerView }) {
  const t = texts[view.lang];
  const day = dayLabel(view.date)[view.lang];
  const a = view.assignment;
  const route = a?.kind === "route" ? view.plan.routes.find((r) => r.id === a.postId) : undefined;
  const post = a?.kind === "post" ? view.plan.posts.find((p) => p.id === a.postId) : undefined;
  const duty = postName(view, t);
  return (
    <Layout lang={view.lang} title={`${t.title} · ${view.communityName}`}>
      <p class="sub">
        {view.communityName} · {t.title}
      </p>
      <h1>{t.hello(view.name)}</h1>
      <p class="sub">{day}</p>
      {view.rollCall ? <RollCall view={view.rollCall} t={t} /> : null}
      {view.dayWork ? (
        <DayWork
          view={view.dayWork}
          lang={view.lang}
          timeZone={view.timeZone ?? "Asia/Shanghai"}
          action={view.action.replace(/\?.*$/, "")}
          token={view.token}
        />
      ) : null}
      <StatusBox view={view} t={t} />
      <AnswerForm view={view} t={t} />
      {view.trainingNote ? (
        <TrainingNote
          note={view.trainingNote}
          lang={view.lang}
          arrival={view.ownMark}
          date={view.date}
          trainedOn={view.trainedOn}
        />
      ) : null}
      {view.assembly && (a === null || a.kind === "route") ? (
        <section>
          <h2>{t.assembly}</h2>
          <p class="big">
            {view.assembly.start}
            {view.assembly.place ? ` · ${view.assembly.place}` : ""}
          </p>
          {view.assembly.note ? (
            <p>
              {t.training}
              {view.assembly.note}
            </p>
          ) : null}
        </section>
      ) : null}
      <section>
        <h2>{t.yourPost}</h2>
        <p class="big">{duty.name}</p>
        {a && a.kind === "route" ? (
          <table>
            <tr>
              <td>{t.buildings}</td>
              <td>{a.buildings.join(view.lang === "zh" ? "、" : ", ")}</td>
            </tr>
            <tr>
              <td>{t.time}</td>
              <td>
                {a.start}–{a.end}
              </td>
            </tr>
            {view.team.length > 0 ? (
              <tr>
                <td>{t.team}</td>
                <td>{view.team.join(view.lang === "zh" ? "、" : ", ")}</td>
              </tr>
            ) : null}
          </table>
        ) : null}
        {post && a ? <PostBlock post={{ ...post, start: a.start, end: a.end }} t={t} /> : null}
        {a?.kind === "standby" ? (
          <p>
            {a.start}–{a.end} · {t.standby}
          </p>
        ) : null}
        {a && view.captains.length > 0 ? (
          <p class="captains">
            {t.captain}
            {view.lang === "zh" ? "：" : ": "}
            {view.captains.map((c, i) => (
              <>
                {i > 0 ? (view.lang === "zh" ? "；" : "; ") : ""}
                {view.captains.some((o) => o.zone !== c.zone) ? `${c.zone} ` : ""}
                {c.name} <a href={`tel:${c.phone}`}>{c.phone}</a>
              </>
            ))}
          </p>
        ) : null}
      </section>
      {route ? <Timetable route={route} lang={view.lang} t={t} /> : null}
      {route ? <Waves route={route} t={t} /> : null}
      {a ? <section class="suit">{a.kind === "standby" ? t.standbySuit : t.suit(a.start, a.end)}</section> : null}
      <footer>
        {view.calendarHref ? <a href={view.calendarHref}>{t.calendar}</a> : <span></span>}
        {view.otherLangHref ? <a href={view.otherLangHref}>{t.otherLang}</a> : <span></span>}
      </footer>
    </Layout>
  );
}
