/**
 * A volunteer's phone: open the link from the group message (GET the page), read the form token
 * from it, tap a button (POST the form from the page's own origin), and follow nothing — the 303
 * back to the page is the acknowledgement the volunteer sees ("已确认 Confirmed").
 *
 * When the connection drops (the Worker restarting) the phone opens the page and taps again, as a
 * person would; answering is idempotent, so a second tap must never count twice.
 */
import { fetchPatiently } from "./client.ts";

export interface TapResult {
  /** HTTP status of the final POST (303 = acknowledged). */
  status: number;
  ms: number;
  retries: number;
}

const formToken = (html: string) => /name="t" value="([^"]+)"/.exec(html)?.[1] ?? "";

async function openAndPost(url: string, fields: Record<string, string>, action = ""): Promise<TapResult> {
  const t0 = performance.now();
  let retries = 0;
  const onRetry = () => retries++;
  for (let attempt = 1; ; attempt++) {
    const page = await fetchPatiently(url, undefined, onRetry);
    const html = await page.text();
    const token = formToken(html);
    const response = await fetchPatiently(
      `${url}${action}`,
      {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin },
        body: new URLSearchParams({ t: token, ...fields }),
      },
      onRetry,
    );
    await response.arrayBuffer();
    // A 5xx is what a phone sees while the Worker restarts behind a proxy: tap again.
    if (response.status >= 500 && attempt < 5) {
      retries++;
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
      continue;
    }
    return { status: response.status, ms: performance.now() - t0, retries };
  }
}

/** Confirm or decline a duty on `/c/{code}`; declining types the last 4 digits of the phone. */
export function answerDuty(url: string, answer: "confirm" | "decline", reason = "", tail = ""): Promise<TapResult> {
  return openAndPost(url, answer === "decline" ? { answer, reason, tail } : { answer });
}

/** Sign up for tomorrow on a personal `/s/{code}` link. */
export function signUp(url: string, availability: "all_day" | "am" | "pm"): Promise<TapResult> {
  return openAndPost(url, { availability });
}

/** A tap on the day's forms of a link page: `action` is "/here", "/roll", "/refill", "/tick" or "/gate". */
export function tapOn(url: string, action: string, fields: Record<string, string>): Promise<TapResult> {
  return openAndPost(url, fields, action);
}
