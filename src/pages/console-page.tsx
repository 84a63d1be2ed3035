/**
 * The organizer console's pages (hono/jsx, server-rendered, Chinese first): sign-in, a date's
 * day page and short notices. Phone first; every form is a plain POST with the session's CSRF
 * token, so everything works with JavaScript off. The print page is in ./console-print.tsx.
 *
 * @example
 * c.html(<DayPage t={t} day={day} csrf={csrf} flash={flash} langHref="?lang=en" />)
 */
import { ConsoleImportBox, ConsoleImportResult, type ImportView } from "./console-import.tsx";
import { ConsoleRollCall } from "./console-roll-call.tsx";
import { ConsoleBoard } from "./console-board.tsx";
import { ConsoleSettings } from "./console-settings.tsx";
import { DeadJobs, ShareWith } from "./console-dead-jobs.tsx";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { dayLabel } from "../domain/broadcast.ts";
import { nearestHelperText } from "../domain/nearest-route.ts";
import type { ConsoleDay, ConsolePerson, ConsolePlan, ConsoleStatus, GroupSummary } from "../services/console-day.ts";
import { consoleStyle } from "./console-assets.ts";
import { ConsoleNotify } from "./console-notify.tsx";
import { ConsoleDayTexts } from "./console-day-texts.tsx";
import type { ConsoleTexts } from "./console-texts.ts";

export type ConsoleAction = "sync" | "generate" | "publish" | "replan" | "retry";

/** The result of the last button press, shown once on the day page. */
export type Flash =
  | { action: "sync"; ok: true; rows: number; errors: number; warnings: number }
  | {
      action: "generate";
      ok: true;
      version: number;
      unchanged: boolean;
      onDuty: number;
      covered: number;
      buildings: number;
    }
  | { action: "publish"; ok: true; version: number; links: number; fresh: number; parts: number; replans: number }
  | { action: "replan"; ok: true; replans: number; changed: number; published: boolean }
  | { action: "retry"; ok: true; written: boolean; rows: number }
  | { action: "settings"; ok: true }
  | { action: ConsoleAction | "settings"; ok: false; zh: string; en: string };

export function flashText(t: ConsoleTexts, flash: Flash): string {
  if (!flash.ok) return `${t.flash.failed}${t.htmlLang === "en" ? flash.en : flash.zh}`;
  switch (flash.action) {
    case "sync":
      return t.flash.sync(flash.rows, flash.errors, flash.warnings);
    case "generate":
      return t.flash.generate(flash.version, flash.unchanged, flash.onDuty, flash.covered, flash.buildings);
    case "publish":
      return t.flash.publish(flash.version, flash.links, flash.fresh, flash.parts, flash.replans);
    case "replan":
      return flash.published ? t.flash.replan(flash.replans, flash.changed) : t.flash.notPublished;
    case "retry":
      return t.flash.retry(flash.written, flash.rows);
    case "settings":
      return t.htmlLang === "en" ? "Settings saved." : "设置已保存。";
  }
}

function Layout(props: { t: ConsoleTexts; title: string; children: Child }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={props.t.htmlLang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <style>{raw(consoleStyle)}</style>
          <script src="/console/console.js" defer></script>
        </head>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

export function SignInPage(props: {
  t: ConsoleTexts;
  community: string;
  loginToken: string;
  message?: string;
  langHref: string;
}) {
  const { t } = props;
  return (
    <Layout t={t} title={`${t.signInTitle} · ZoneCrew`}>
      <header class="top">
        <strong>ZoneCrew {t.console}</strong>
        <a href={props.langHref}>{t.otherLang}</a>
      </header>
      <h1>{t.signInTitle}</h1>
      {props.message ? <section class="flash fail">{props.message}</section> : null}
      <section>
        <p class="hint">{t.signInIntro}</p>
        <form method="post" action="/console/login">
          <input type="hidden" name="login" value={props.loginToken} />
          <label for="community">{t.community}</label>
          <input
            id="community"
            name="community"
            value={props.community}
            autocomplete="organization"
            autocapitalize="none"
            spellcheck={false}
            required
          />
          <label for="token">{t.token}</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required />
          <p>
            <button class="primary" type="submit">
              {t.signIn}
            </button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function ConsoleNotice(props: { t: ConsoleTexts; title: string; text: string }) {
  return (
    <Layout t={props.t} title={props.title}>
      <h1>{props.title}</h1>
      <section>
        <p>{props.text}</p>
        <p>
          <a href="/console">{props.t.backToConsole}</a>
        </p>
      </section>
    </Layout>
  );
}

function Header(props: { t: ConsoleTexts; day: ConsoleDay; csrf: string; langHref: string }) {
  const { t, day } = props;
  const days = [
    { date: addDay(day.date, -1), label: `‹ ${t.prevDay}`, on: false },
    { date: day.today, label: t.today, on: day.date === day.today },
    { date: day.tomorrow, label: t.tomorrow, on: day.date === day.tomorrow },
    { date: addDay(day.date, 1), label: `${t.nextDay} ›`, on: false },
  ];
  return (
    <>
      <header class="top">
        <strong>
          {day.communityName} · {t.console}
        </strong>
        <span>
          <a href={props.langHref}>{t.otherLang}</a>{" "}
        </span>
        <form method="post" action="/console/logout">
          <input type="hidden" name="csrf" value={props.csrf} />
          <button class="small" type="submit">
            {t.signOut}
          </button>
        </form>
      </header>
      <nav class="days">
        {days.map((d) => (
          <a href={`/console/${d.date}`} class={d.on ? "on" : undefined}>
            {d.label}
          </a>
        ))}
      </nav>
    </>
  );
}

function addDay(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The outbox stopped writing because Google keeps refusing: what to fix, and a button for after. */
function SheetParked(props: { t: ConsoleTexts; day: ConsoleDay; csrf: string }) {
  const { t, day } = props;
  const parked = day.sheetParked;
  if (!parked) return null;
  return (
    <section id="sheet-parked" class="flash fail" role="alert">
      <h2>{t.sheetParkedTitle}</h2>
      <p>{t.htmlLang === "en" ? parked.en : parked.zh}</p>
      <p class="hint">{t.sheetParkedWaiting(parked.pending, parked.since)}</p>
      <form class="action" method="post" action={`/console/${day.date}/retry`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <button type="submit" class="primary">
          {t.sheetParkedRetry}
        </button>
      </form>
    </section>
  );
}

function Actions(props: { t: ConsoleTexts; date: string; csrf: string; plan: ConsolePlan | undefined }) {
  const { t, plan } = props;
  const button = (action: ConsoleAction, label: string, busy: string, primary: boolean) => (
    <form class="action" method="post" action={`/console/${props.date}/${action}`}>
      <input type="hidden" name="csrf" value={props.csrf} />
      <button type="submit" class={primary ? "primary" : undefined} data-busy={busy}>
        {label}
      </button>
    </form>
  );
  const next: ConsoleAction = !plan ? "generate" : plan.status === "draft" ? "publish" : "replan";
  return (
    <section id="actions">
      <h2>{t.actions}</h2>
      <div class="actions">
        {button("sync", t.sync, t.busySync, false)}
        {button("generate", t.generate, t.busyGenerate, next === "generate")}
        {button("publish", t.publish, t.busyPublish, next === "publish")}
        {button("replan", t.replan, t.busyReplan, false)}
      </div>
      <p class="hint">{t.actionsHelp}</p>
    </section>
  );
}

function Badge({ t, status }: { t: ConsoleTexts; status: ConsoleStatus }) {
  return <span class={`badge ${status}`}>{t.status[status]}</span>;
}

function Glance({ t, day, plan }: { t: ConsoleTexts; day: ConsoleDay; plan: ConsolePlan }) {
  const tiles: ConsoleStatus[] = plan.status === "draft" && !plan.published ? ["draft"] : [];
  tiles.push("confirmed", "declined", "pending", "at_risk");
  const groupName = (g: GroupSummary) => (g.kind === "zone" ? g.zone : g.kind === "posts" ? t.posts : t.standby);
  const m = plan.metrics;
  return (
    <section id="glance">
      <h2>{t.glance}</h2>
      <div class="tiles">
        {tiles.map((s) => (
          <div class={`tile ${s}`} data-status={s}>
            <b>{plan.totals[s]}</b>
            {t.status[s]}
          </div>
        ))}
      </div>
      <p class="sub">
        {t.onPlan} {plan.totals.onPlan} · {t.coverage} {m.covered}/{m.buildings} · {t.suits} {m.protectiveSuits}
        {plan.assembly ? ` · ${t.assembly(plan.assembly.start, plan.assembly.place)}` : ""}
      </p>
      <table id="by-zone">
        <thead>
          <tr>
            <th>{t.group}</th>
            <th class="n">{t.buildings}</th>
            <th class="n">{t.status.confirmed}</th>
            <th class="n">{t.status.declined}</th>
            <th class="n">{t.status.pending}</th>
            <th class="n">{t.status.at_risk}</th>
          </tr>
        </thead>
        <tbody>
          {plan.groups.map((g) => (
            <tr>
              <td>{groupName(g)}</td>
              <td class="n">{g.kind === "zone" ? `${g.covered}/${g.buildings}` : "—"}</td>
              <td class="n">{g.counts.confirmed}</td>
              <td class="n">{g.counts.declined}</td>
              <td class="n">{g.counts.pending + g.counts.draft}</td>
              <td class="n">{g.counts.at_risk}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t.atRiskRule(day.atRiskFrom)}</p>
    </section>
  );
}

function Uncovered({ t, plan }: { t: ConsoleTexts; plan: ConsolePlan }) {
  return (
    <section id="uncovered">
      <h2>
        {t.uncovered} ({plan.uncovered.length})
      </h2>
      {plan.uncovered.length === 0 ? (
        <p>{t.allCovered}</p>
      ) : (
        <p class="warn">{plan.uncovered.map((u) => (u.zone ? `${u.building}（${u.zone}）` : u.building)).join("、")}</p>
      )}
      {plan.uncovered
        .filter((u) => u.nearest)
        .map((u) => (
          <p class="hint">
            {nearestHelperText({ building: u.building, ...u.nearest! })[t.htmlLang === "en" ? "en" : "zh"]}
          </p>
        ))}
      {plan.shortfalls.map((s) => (
        <p class="hint">
          {t.shortfall}: {t.htmlLang === "en" ? s.en : s.zh}
        </p>
      ))}
    </section>
  );
}

function Message({ t, day }: { t: ConsoleTexts; day: ConsoleDay }) {
  const n = day.messages.length;
  return (
    <section id="message">
      <h2>{t.message}</h2>
      {n === 0 ? (
        <p class="hint">{t.noMessage}</p>
      ) : (
        <>
          <p class="hint">{t.messageHelp}</p>
          {day.messages.map((text, i) => (
            <>
              {n > 1 ? <h3>{t.messagePart(i + 1, n)}</h3> : null}
              <textarea id={`message-${i + 1}`} readonly rows={12}>
                {text}
              </textarea>
              <p>
                <button type="button" class="small" data-copy-from={`message-${i + 1}`} data-done={t.copied} hidden>
                  {t.copy}
                </button>
              </p>
            </>
          ))}
        </>
      )}
    </section>
  );
}

function Person({ t, p, date }: { t: ConsoleTexts; p: ConsolePerson; date: string }) {
  return (
    <li data-volunteer={p.id} data-status={p.status}>
      <div class="who">
        <span class="name">{p.name}</span>
        <span class="sub">{p.id}</span>
        <Badge t={t} status={p.status} />
        {p.replaces ? <span class="sub">{t.replaces(p.replaces)}</span> : null}
        {p.answeredAt ? <span class="sub">{t.answeredAt(p.answeredAt)}</span> : null}
        {p.reason ? <span class="sub">“{p.reason}”</span> : null}
      </div>
      {p.url ? (
        <div class="linkrow">
          <a href={p.url} class="vlink">
            {p.url}
          </a>
          <button type="button" class="small" data-copy={p.url} data-done={t.copied} hidden>
            {t.copy}
          </button>
          <a class="qr" href={`/console/${date}/qr/${encodeURIComponent(p.id)}`}>
            {t.qr}
          </a>
        </div>
      ) : null}
    </li>
  );
}

function PlanByZone({ t, plan, date }: { t: ConsoleTexts; plan: ConsolePlan; date: string }) {
  const zones = [...new Set(plan.routes.map((r) => r.zone))];
  return (
    <section id="plan">
      <h2>{t.plan}</h2>
      {zones.map((zone) => (
        <>
          <h3>{zone}</h3>
          {plan.routes
            .filter((r) => r.zone === zone)
            .map((r) => (
              <div class="route" data-route={r.id}>
                <h3>
                  {t.route} {r.id}
                </h3>
                <p class="sub">
                  {r.buildings.join("、")} · {r.households} {t.households} · {r.parcels} {t.parcels} · {r.start}–{r.end}{" "}
                  · {t.team(r.people.length, r.requiredTeam)}
                </p>
                <ul class="people">
                  {r.people.map((p) => (
                    <Person t={t} p={p} date={date} />
                  ))}
                </ul>
              </div>
            ))}
        </>
      ))}
      <h3>{t.posts}</h3>
      {plan.posts.map((post) => (
        <div class="route" data-post={post.id}>
          <h3>{t.htmlLang === "en" ? post.en : post.zh}</h3>
          <p class="sub">
            {post.start}–{post.end}
            {post.place ? ` · ${post.place}` : ""} · {t.team(post.people.length, post.headcount)}
            {post.missing > 0 ? <span class="warn"> · {t.missing(post.missing)}</span> : null}
          </p>
          <ul class="people">
            {post.people.map((p) => (
              <Person t={t} p={p} date={date} />
            ))}
          </ul>
        </div>
      ))}
      <h3>
        {t.standby} ({plan.standby.length})
      </h3>
      <ul class="people">
        {plan.standby.map((p) => (
          <Person t={t} p={p} date={date} />
        ))}
      </ul>
      {plan.left.length > 0 ? (
        <>
          <h3>
            {t.left} ({plan.left.length})
          </h3>
          <ul class="people" id="left">
            {plan.left.map((l) => (
              <li data-volunteer={l.id} data-status="declined">
                <div class="who">
                  <span class="name">{l.name}</span>
                  <span class="sub">{l.id}</span>
                  <Badge t={t} status="declined" />
                  <span class="sub">{l.replacedBy ? t.replacedBy(l.replacedBy) : t.noReplacement}</span>
                  {l.answeredAt ? <span class="sub">{t.answeredAt(l.answeredAt)}</span> : null}
                  {l.reason ? <span class="sub">“{l.reason}”</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const SHOWN_PROBLEMS = 100;

function Problems({ t, day }: { t: ConsoleTexts; day: ConsoleDay }) {
  const sync = day.lastSync;
  const en = t.htmlLang === "en";
  const total = sync ? sync.counts.errors + sync.counts.warnings : 0;
  return (
    <section id="problems">
      <h2>{t.problems}</h2>
      {!sync ? (
        <p>{t.neverSynced}</p>
      ) : (
        <>
          <p class="sub">{t.syncedAt(sync.at, sync.counts.errors, sync.counts.warnings)}</p>
          {sync.problems.length === 0 ? <p>{t.noProblems}</p> : null}
          {sync.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
            <div class="problem" data-code={p.code}>
              <span class={`sev-${p.severity}`}>{p.severity === "error" ? t.error : t.warning}</span>{" "}
              <span class="sub">
                {en ? p.tabLabel.en : p.tabLabel.zh}
                {p.row ? ` · ${t.row(p.row)}` : ""}
                {p.columnLabel ? ` · ${en ? p.columnLabel.en : p.columnLabel.zh}` : ""}
                {p.id ? ` · ${p.id}` : ""}
                {p.value ? ` · “${p.value}”` : ""}
              </span>
              <div>{en ? p.en : p.zh}</div>
              {p.link ? (
                <a href={p.link} target="_blank" rel="noopener">
                  {t.openCell}
                </a>
              ) : null}
            </div>
          ))}
          {total > Math.min(sync.problems.length, SHOWN_PROBLEMS) ? (
            <p class="hint">{t.moreProblems(total - Math.min(sync.problems.length, SHOWN_PROBLEMS))}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

function Supplies({ t, plan }: { t: ConsoleTexts; plan: ConsolePlan | undefined }) {
  // Used vs planned and the days of stock left, as the digest counts them (supplyForecast).
  const use = plan?.supplyUse;
  return (
    <section id="supplies">
      <h2>{t.supplies}</h2>
      {!plan || plan.supplies.length === 0 ? (
        <p class="hint">{t.noSupplies}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th>{t.item}</th>
                <th class="n">{t.needed}</th>
                <th class="n">{t.used}</th>
                <th class="n">{t.stock}</th>
                <th class="n">{t.leftAfter}</th>
                <th class="n">{t.daysLeft}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {plan.supplies.map((s, i) => {
                const u = use?.lines[i];
                return (
                  <tr class={s.status === "ok" ? undefined : s.status === "short" ? "declined" : "at_risk"}>
                    <td>{s.item}</td>
                    <td class="n">
                      {s.needed} {s.unit}
                    </td>
                    <td class="n">{u && use?.counted ? `${u.usedToday} ${s.unit}` : "—"}</td>
                    <td class="n">{s.stock}</td>
                    <td class="n">{u ? u.stock - u.usedToday : s.left}</td>
                    <td class="n">{u && u.daysLeft !== null ? t.days(u.daysLeft) : "—"}</td>
                    <td>{t.supplyStatus[s.status]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="hint">{use?.counted ? t.usedCounted : t.usedLater}</p>
        </>
      )}
    </section>
  );
}

/** One volunteer's link as a big QR code, for the volunteer to scan from the organizer's phone. */
export function QrPage(props: {
  t: ConsoleTexts;
  date: string;
  communityName: string;
  name: string;
  duty: string;
  url: string;
  svg: string;
}) {
  const { t } = props;
  const label = dayLabel(props.date)[t.htmlLang === "en" ? "en" : "zh"];
  return (
    <Layout t={t} title={`${props.name} · ${t.qr}`}>
      <p class="sub">
        {props.communityName} · {label}
      </p>
      <h1>{props.name}</h1>
      <p class="sub">{props.duty}</p>
      <section class="qrbox" aria-label={t.qrAlt(props.name)}>
        {raw(props.svg)}
        <p class="hint">{t.qrHelp}</p>
        <p class="linkrow">
          <a href={props.url} class="vlink">
            {props.url}
          </a>
          <button type="button" class="small" data-copy={props.url} data-done={t.copied} hidden>
            {t.copy}
          </button>
        </p>
      </section>
      <p>
        <a href={`/console/${props.date}`}>{t.backToConsole}</a>
      </p>
    </Layout>
  );
}

export function DayPage(props: {
  t: ConsoleTexts;
  day: ConsoleDay;
  csrf: string;
  flash?: Flash;
  langHref: string;
  /** The 导入接龙 box's preview or result, shown at the top of the page it was posted from. */
  imported?: { text: string; view: ImportView };
}) {
  const { t, day } = props;
  const plan = day.plan;
  const label = dayLabel(day.date)[t.htmlLang === "en" ? "en" : "zh"];
  const state = plan
    ? `${t.version(plan.version)} · ${plan.status === "published" ? t.statusPublished : t.statusDraft}`
    : "";
  return (
    <Layout t={t} title={`${label} · ${t.console}`}>
      <Header t={t} day={day} csrf={props.csrf} langHref={props.langHref} />
      <h1>
        {label} {state ? <span class="sub">· {state}</span> : null}
      </h1>
      {plan ? (
        <p class="sub">
          {plan.published ? t.publishedAt(plan.published.at) : t.generatedAt(plan.createdAt)}
          {plan.published && plan.published.version !== plan.version
            ? ` · ${t.newerDraft(plan.version, plan.published.version)}`
            : ""}
          {!plan.published ? ` · ${t.draftNote}` : ""}
        </p>
      ) : null}
      {props.flash ? (
        <section class={`flash ${props.flash.ok ? "ok" : "fail"}`} id="flash" role="status">
          {flashText(t, props.flash)}
        </section>
      ) : null}
      {props.imported ? (
        <ConsoleImportResult
          lang={t.htmlLang}
          date={day.date}
          csrf={props.csrf}
          text={props.imported.text}
          view={props.imported.view}
        />
      ) : null}
      <SheetParked t={t} day={day} csrf={props.csrf} />
      <DeadJobs lang={t.htmlLang} jobs={day.deadJobs} />
      <ShareWith lang={t.htmlLang} email={day.serviceAccount} />
      <Actions t={t} date={day.date} csrf={props.csrf} plan={plan} />
      {plan ? (
        <>
          <Glance t={t} day={day} plan={plan} />
          <Uncovered t={t} plan={plan} />
          <ConsoleRollCall lang={t.htmlLang} day={day} csrf={props.csrf} />
          <ConsoleBoard lang={t.htmlLang} day={day} timeZone={day.timeZone} />
          <ConsoleNotify t={t} day={day} csrf={props.csrf} />
          <Message t={t} day={day} />
          <ConsoleDayTexts t={t} day={day} />
          <PlanByZone t={t} plan={plan} date={day.date} />
        </>
      ) : (
        <section id="no-plan">
          <p>{t.noPlan}</p>
        </section>
      )}
      <Problems t={t} day={day} />
      <Supplies t={t} plan={plan} />
      {plan && plan.warnings.length > 0 ? (
        <section id="warnings">
          <h2>{t.warnings}</h2>
          {plan.warnings.map((w) => (
            <p class="hint">{t.htmlLang === "en" ? w.en : w.zh}</p>
          ))}
        </section>
      ) : null}
      <ConsoleImportBox lang={t.htmlLang} date={day.date} csrf={props.csrf} />
      <ConsoleSettings lang={t.htmlLang} settings={day.settings} csrf={props.csrf} date={day.date} />
      <footer>{plan ? <a href={`/console/${day.date}/print`}>{t.print}</a> : null}</footer>
    </Layout>
  );
}
