/**
 * The one-page A4 plan for the gate board: routes by zone with their buildings, times and
 * people, the fixed posts, standby and any uncovered building. Names only — no phone numbers and
 * no links, since the board hangs in public.
 *
 * @example
 * c.html(<PrintPage t={t} day={day} />)
 */
import { raw } from "hono/html";
import { dayLabel } from "../domain/broadcast.ts";
import type { ConsoleDay, ConsolePerson, ConsolePlan } from "../services/console-day.ts";
import { printStyle } from "./console-assets.ts";
import type { ConsoleTexts } from "./console-texts.ts";

function Names({ people }: { people: ConsolePerson[] }) {
  return (
    <>
      {people.map((p, i) => (
        <>
          {i > 0 ? "、" : ""}
          <span class={p.status === "confirmed" ? "ok" : undefined}>{p.name}</span>
        </>
      ))}
    </>
  );
}

function Routes({ t, plan }: { t: ConsoleTexts; plan: ConsolePlan }) {
  const zones = [...new Set(plan.routes.map((r) => r.zone))];
  return (
    <table>
      <thead>
        <tr>
          <th>{t.group}</th>
          <th>{t.buildings}</th>
          <th>{t.time}</th>
          <th>{t.names}</th>
        </tr>
      </thead>
      <tbody>
        {zones.flatMap((zone) => {
          const routes = plan.routes.filter((r) => r.zone === zone);
          return routes.map((r, i) => (
            <tr>
              {i === 0 ? (
                <td class="zone" rowspan={routes.length}>
                  {zone}
                </td>
              ) : null}
              <td>{r.buildings.join("、")}</td>
              <td class="time">
                {r.start}–{r.end}
              </td>
              <td>
                <Names people={r.people} />
              </td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

export function PrintPage({ t, day }: { t: ConsoleTexts; day: ConsoleDay }) {
  const plan = day.plan!;
  const en = t.htmlLang === "en";
  const label = dayLabel(day.date)[en ? "en" : "zh"];
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={t.htmlLang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${label} ${t.printTitle}`}</title>
          <style>{raw(printStyle)}</style>
        </head>
        <body>
          <main>
            <p class="screen-only">
              {t.printHint} <a href={`/console/${day.date}`}>{t.backToConsole}</a>
            </p>
            <h1>
              {day.communityName} · {t.printTitle} · {label}
            </h1>
            <p class="sub">
              {t.version(plan.version)} · {plan.published ? t.publishedAt(plan.published.at) : t.statusDraft}
              {plan.assembly ? ` · ${t.assembly(plan.assembly.start, plan.assembly.place)}` : ""} · {t.onPlan}{" "}
              {plan.totals.onPlan} · {t.coverage} {plan.metrics.covered}/{plan.metrics.buildings}
            </p>
            <Routes t={t} plan={plan} />
            <table>
              <thead>
                <tr>
                  <th>{t.posts}</th>
                  <th>{t.time}</th>
                  <th>{t.names}</th>
                </tr>
              </thead>
              <tbody>
                {plan.posts.map((post) => (
                  <tr>
                    <td>
                      {en ? post.en : post.zh}
                      {post.place ? ` · ${post.place}` : ""}
                    </td>
                    <td class="time">
                      {post.start}–{post.end}
                    </td>
                    <td>
                      <Names people={post.people} />
                    </td>
                  </tr>
                ))}
                <tr>
                  <td>{t.standby}</td>
                  <td></td>
                  <td>
                    <Names people={plan.standby} />
                  </td>
                </tr>
              </tbody>
            </table>
            {plan.uncovered.length > 0 ? (
              <p>
                <strong>{t.uncovered}:</strong> {plan.uncovered.map((u) => u.building).join("、")}
              </p>
            ) : null}
            <p class="note">{t.printFooter}</p>
          </main>
        </body>
      </html>
    </>
  );
}
