/** A cookie-keeping client for the organizer console, as a browser would use it. */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { buildApp } from "../../../src/app.ts";
import { expect } from "vitest";
import { TOKEN } from "./emulator.ts";
import { tomorrow } from "./clock.ts";
import { ORIGIN } from "./links.ts";

export const FORM = { "content-type": "application/x-www-form-urlencoded" };

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

export function setCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((line) => {
    const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes };
  });
}

/** The Worker with its clock at `now` (SELF runs on the instant vitest.config.ts pins). */
export function workerAt(now: number) {
  const app = buildApp({ now: () => now });
  return async (request: Request): Promise<Response> => {
    const ctx = createExecutionContext();
    const response = await app.fetch(request, env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

/**
 * The Worker as a deployment with other settings would run it, e.g. `{ ZC_NOW, TIME_ZONE }`: the
 * clock comes from its own env, the way `npm start` with ZC_NOW pins it.
 */
export function workerWith(vars: Partial<Cloudflare.Env>) {
  const app = buildApp();
  return async (request: Request): Promise<Response> => {
    const ctx = createExecutionContext();
    const response = await app.fetch(request, { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

export class ConsoleClient {
  readonly jar = new Map<string, string>();

  /** `worker`: SELF by default, or `workerAt(now)` to move the clock. */
  constructor(private readonly worker: (request: Request) => Promise<Response> = (r) => SELF.fetch(r)) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  private keep(response: Response): Response {
    for (const c of setCookies(response)) {
      if (c.attributes.some((a) => /^max-age=0$/i.test(a)) || c.value === "") this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return response;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await this.worker(
        new Request(`${ORIGIN}${path}`, { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } }),
      ),
    );
  }

  /** A form POST from our own origin; a header given as null is left out (e.g. `origin: null`). */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string | null> = {}) {
    const all = new Headers({ ...FORM, origin: ORIGIN, cookie: this.cookieHeader() });
    for (const [k, v] of Object.entries(headers)) {
      if (v === null) all.delete(k);
      else all.set(k, v);
    }
    return this.keep(
      await this.worker(
        new Request(`${ORIGIN}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: all,
          body: new URLSearchParams(fields),
        }),
      ),
    );
  }

  /** GET, following redirects within the console, returning the final response and its HTML. */
  async open(path: string): Promise<{ response: Response; html: string; path: string }> {
    let current = path;
    for (let i = 0; i < 5; i++) {
      const response = await this.get(current);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, `${ORIGIN}${current}`).pathname + new URL(location, ORIGIN).search;
        continue;
      }
      return { response, html: await response.text(), path: current };
    }
    throw new Error(`too many redirects from ${path}`);
  }

  /** Signs in as the demo's organizer; returns the sign-in response (303). */
  async signIn(token = TOKEN, community = "demo"): Promise<Response> {
    const page = await this.get("/console");
    const login = /name="login" value="([^"]+)"/.exec(await page.text())?.[1];
    if (!login) throw new Error("no login token on the sign-in page");
    return this.post("/console/login", { login, community, token });
  }

  async signedIn(): Promise<this> {
    const response = await this.signIn();
    expect(response.status).toBe(303);
    return this;
  }

  /** The CSRF token of a console page. */
  async csrf(date: string): Promise<string> {
    const { html } = await this.open(`/console/${date}`);
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no csrf token on /console/${date}`);
    return token;
  }

  /** Presses one of the day page's buttons as the form would; returns the page it lands on. */
  async press(date: string, action: "sync" | "generate" | "publish" | "replan" | "retry"): Promise<string> {
    const response = await this.post(`/console/${date}/${action}`, { csrf: await this.csrf(date) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/console/${date}`);
    return (await this.open(`/console/${date}`)).html;
  }
}

/** Visible text of an HTML fragment: tags dropped, entities of the few kinds we emit decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/**
 * A roll-call mark as an organizer taps it on the console at `now` (standby and other zones are on
 * no captain's list): signed in, the page's CSRF token, then the mark.
 */
export async function consoleMark(now: number, volunteer: string, mark: "present" | "absent", date = tomorrow()) {
  const console = await new ConsoleClient(workerAt(now)).signedIn();
  const csrf = await console.csrf(date);
  const response = await console.post(`/console/${date}/roll`, { csrf, volunteer, mark });
  expect(response.status, `console roll call of ${volunteer}`).toBe(303);
}
