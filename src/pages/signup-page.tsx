/**
 * The page a volunteer opens from their personal sign-up link (`/s/{code}`): who they are, the day
 * being signed up for, and three buttons — all day, morning, afternoon. Server rendered, no
 * JavaScript, the same inline style (and CSP hash) as the duty page; no one else's data on it.
 *
 * @example
 * c.html(<SignupPage view={view} />)
 */
import { Layout } from "./volunteer-page.tsx";
import { signupTexts } from "./signup-texts.ts";
import type { Lang } from "./volunteer-texts.ts";

export interface SignupView {
  lang: Lang;
  communityName: string;
  name: string;
  /** The day as the page says it, e.g. "4月19日（周二）". */
  day: string;
  /** open: the form; signed: this volunteer's sign-up; closed: past the cut-off; published: the plan is out. */
  state: "open" | "signed" | "closed" | "published";
  signed: { availability: "all_day" | "am" | "pm"; at: string } | null;
  closeTime: string;
  action: string;
  token: string;
  /** The other language's page; null when the community reads one language only. */
  otherLangHref: string | null;
}

export function SignupPage({ view }: { view: SignupView }) {
  const t = signupTexts[view.lang];
  return (
    <Layout lang={view.lang} title={`${t.title} · ${view.communityName}`}>
      <p class="sub">
        {view.communityName} · {t.title}
      </p>
      <h1>{t.hello(view.name)}</h1>
      {view.state === "signed" && view.signed ? (
        <section class="status confirmed">
          <p class="big">{t.signed(view.day, t[view.signed.availability])}</p>
          <p>
            {t.signedAt}
            {view.signed.at}
          </p>
          <p>{t.changeByCaptain}</p>
        </section>
      ) : null}
      {view.state === "closed" ? (
        <section class="status pending">
          <p class="big">{t.closedTitle}</p>
          <p>{t.closed(view.day, view.closeTime)}</p>
        </section>
      ) : null}
      {view.state === "published" ? (
        <section class="status pending">
          <p class="big">{t.closedTitle}</p>
          <p>{t.published(view.day)}</p>
        </section>
      ) : null}
      {view.state === "open" ? (
        <form method="post" action={view.action}>
          <input type="hidden" name="t" value={view.token} />
          <p class="big">{t.question(view.day)}</p>
          <button class="yes" name="availability" value="all_day">
            {t.all_day}
          </button>
          <button name="availability" value="am">
            {t.am}
          </button>
          <button name="availability" value="pm">
            {t.pm}
          </button>
          <p>{t.closesAt(view.closeTime)}</p>
        </form>
      ) : null}
      <footer>
        <span></span>
        {view.otherLangHref ? <a href={view.otherLangHref}>{t.otherLang}</a> : null}
      </footer>
    </Layout>
  );
}
