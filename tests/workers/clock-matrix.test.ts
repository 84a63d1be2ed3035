/**
 * The evening and the morning at the instants that used to break things. Each instant runs as a
 * deployment whose clock is pinned by its own env (`ZC_NOW`, as `npm start` honours it), so the
 * console, the API, the volunteer pages and the cron tick all agree on "today" and "tomorrow":
 * - 07:20 in Shanghai on 2026-12-05: a clean clone's `npm test` failed then (the console's QR page
 *   asked for a volunteer who is on duty only on some demo dates: 404 instead of 200);
 * - 23:30 and 23:59: after the publish, before midnight (sign-ups closed, tomorrow still tomorrow);
 * - 21:00, the publish minute itself (sign-ups close exactly then; the cron publishes);
 * - the demo's dated PCR screening day, when the route's antigen stage gives way to the PCR queue;
 * - a community in Europe/London on the evening before the clocks go back (a 25-hour day).
 * The rest of the workers suite runs at the first of these (vitest.config.ts); `ZC_NOW=… npm run
 * test:run` replays all of it at any other instant.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { dayLabel } from "../../src/domain/broadcast.ts";
import { addDays, localDate, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { runScheduled, TICK } from "../../src/cron/scheduled.ts";
import { ConsoleClient, workerWith } from "./support/console.ts";
import { seedDemo, sheetsCall, TOKEN } from "./support/emulator.ts";
import { NOW } from "./support/clock.ts";
import { ORIGIN, pathOf, resetDay, SHEET } from "./support/links.ts";

interface Instant {
  name: string;
  /** The pinned instant, ISO 8601 with its zone. */
  at: string;
  timeZone: string;
  /** The plan date the evening's work is about ("tomorrow" in the console). */
  planDate: string;
  /** The date the demo's sign-ups are seeded for, when not `planDate`. */
  seededFor?: string;
  signupsOpen: boolean;
  /** The day the console opens on: the day in progress until noon, then tomorrow. */
  consoleHome?: string;
  /** What the cron tick at this instant must run, and for which date. */
  cron: Array<{ job: string; date: string }>;
  /** The route stage of the plan date: antigen kits, or the PCR queue on the screening day. */
  stage: "发抗原" | "核酸引导";
}

const instants: Instant[] = [
  {
    name: "07:20 in Shanghai (the instant a clean clone's npm test failed)",
    at: "2026-12-05T07:20:00+08:00",
    timeZone: "Asia/Shanghai",
    planDate: "2026-12-06",
    signupsOpen: true,
    consoleHome: "2026-12-05",
    cron: [{ job: "chase", date: "2026-12-05" }],
    stage: "发抗原",
  },
  {
    name: "21:00 in Shanghai, the publish minute",
    at: "2026-12-05T21:00:00+08:00",
    timeZone: "Asia/Shanghai",
    planDate: "2026-12-06",
    signupsOpen: false,
    cron: [
      { job: "publish", date: "2026-12-06" },
      { job: "digest", date: "2026-12-05" },
      { job: "wrap_up", date: "2026-12-05" },
    ],
    stage: "发抗原",
  },
  {
    name: "23:30 in Shanghai",
    at: "2026-12-05T23:30:00+08:00",
    timeZone: "Asia/Shanghai",
    planDate: "2026-12-06",
    signupsOpen: false,
    cron: [
      { job: "publish", date: "2026-12-06" },
      { job: "digest", date: "2026-12-05" },
      { job: "wrap_up", date: "2026-12-05" },
    ],
    stage: "发抗原",
  },
  {
    name: "23:59 in Shanghai, the last minute before midnight",
    at: "2026-12-05T23:59:00+08:00",
    timeZone: "Asia/Shanghai",
    planDate: "2026-12-06",
    signupsOpen: false,
    cron: [
      { job: "publish", date: "2026-12-06" },
      { job: "digest", date: "2026-12-05" },
      { job: "wrap_up", date: "2026-12-05" },
    ],
    stage: "发抗原",
  },
  {
    // The demo seeded for 12-06 dates its PCR screening two days on; the organizers then retype
    // the sign-ups and parcels for the 8th, as a chain for that day would bring them.
    name: "the evening before the demo's PCR screening day",
    at: "2026-12-07T20:00:00+08:00",
    timeZone: "Asia/Shanghai",
    planDate: "2026-12-08",
    seededFor: "2026-12-06",
    signupsOpen: true,
    cron: [
      { job: "digest", date: "2026-12-07" },
      { job: "wrap_up", date: "2026-12-07" },
    ],
    stage: "核酸引导",
  },
  {
    name: "21:00 in London on the evening before the clocks go back (25-hour day)",
    at: "2026-10-24T21:00:00+01:00",
    timeZone: "Europe/London",
    planDate: "2026-10-25",
    signupsOpen: false,
    cron: [
      { job: "publish", date: "2026-10-25" },
      { job: "digest", date: "2026-10-24" },
      { job: "wrap_up", date: "2026-10-24" },
    ],
    stage: "发抗原",
  },
];

const auth = { authorization: `Bearer ${TOKEN}` };

/** The dated organizer rows (Signups, Parcels) moved from one date to another, as retyped by hand. */
async function retypeDates(from: string, to: string): Promise<void> {
  for (const tab of ["'报名 Signups'", "'快递 Parcels'"]) {
    const range = encodeURIComponent(tab);
    const { values = [] } = (await (await sheetsCall(SHEET, "GET", `/values/${range}`)).json()) as {
      values?: string[][];
    };
    const moved = values.map((row) => row.map((cell) => (cell === from ? to : cell)));
    const put = await sheetsCall(SHEET, "PUT", `/values/${range}?valueInputOption=RAW`, { values: moved });
    expect(put.status).toBe(200);
  }
}

beforeEach(async () => {
  await resetDay();
  await env.DB.prepare("DELETE FROM job_runs").run();
});

describe("the same day at the instants that used to break it", () => {
  it("the suite's own pin is the instant that reproduced the failure", () => {
    // vitest.config.ts pins the rest of the workers suite here, unless ZC_NOW says otherwise.
    expect(NOW).toBe(env.TEST_CLOCK_REPLAY ? Date.parse(env.ZC_NOW!) : Date.parse(instants[0]!.at));
  });

  for (const instant of instants) {
    it(instant.name, async () => {
      const at = Date.parse(instant.at);
      expect(localDate(at, instant.timeZone)).toBe(addDays(instant.planDate, -1));
      const worker = workerWith({ ZC_NOW: instant.at, TIME_ZONE: instant.timeZone });
      const call = (path: string, init: RequestInit = {}) => worker(new Request(`${ORIGIN}${path}`, init));

      await seedDemo(SHEET, 1, instant.seededFor ?? instant.planDate);
      if (instant.seededFor) await retypeDates(instant.seededFor, instant.planDate);

      // The console opens on the day in progress in the morning, on tomorrow from noon on.
      const organizer = await new ConsoleClient(worker).signedIn();
      const home = await organizer.open("/console");
      expect(home.path).toBe(`/console/${instant.consoleHome ?? instant.planDate}`);

      // A personal sign-up link signs up for the plan date until the publish minute, then says closed.
      const volunteerId = await firstVolunteerId();
      const issued = await call("/api/demo/signups/links", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ volunteerIds: [volunteerId] }),
      });
      expect(issued.status).toBe(200);
      const [signup] = ((await issued.json()) as { links: Array<{ url: string }> }).links;
      const signupHtml = await (await call(pathOf(signup!.url))).text();
      expect(signupHtml).toContain(dayLabel(instant.planDate).zh);
      expect(signupHtml.includes("你能来做志愿者吗")).toBe(instant.signupsOpen);
      expect(signupHtml.includes("报名已截止")).toBe(!instant.signupsOpen);

      // Generate and publish it.
      const generated = await call(`/api/demo/plans/${instant.planDate}/generate`, { method: "POST", headers: auth });
      expect(generated.status).toBe(200);
      const published = await call(`/api/demo/plans/${instant.planDate}/publish`, { method: "POST", headers: auth });
      expect(published.status).toBe(200);
      const { links } = (await published.json()) as {
        links: Array<{ volunteerId: string; url: string; post: string }>;
      };
      expect(links.length).toBeGreaterThan(100);

      // Every console page of the day, for someone who is on duty that day.
      const route = links.find((l) => !/门口|核酸引导|培训带队|待命/.test(l.post)) ?? links[0]!;
      for (const page of ["", "/print", `/qr/${route.volunteerId}`]) {
        const response = await organizer.get(`/console/${instant.planDate}${page}`);
        expect([page, response.status]).toEqual([page, 200]);
      }

      // The volunteer's page shows the plan date and the day's stage; the calendar entry starts
      // at assembly by the community's own clock, whatever the offset that day.
      const page = await call(pathOf(route.url));
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(dayLabel(instant.planDate).zh);
      expect(html).toContain(instant.stage);
      expect(html).not.toContain(instant.stage === "发抗原" ? "核酸引导" : "发抗原");
      const ics = await (await call(`${pathOf(route.url)}/calendar.ics`)).text();
      const start = /DTSTART[^:]*:(\d{8}T\d{6}Z?)/.exec(ics)?.[1];
      expect(start).toBeDefined();
      expect(icsInstant(start!, instant.timeZone)).toBe(localTimeToEpoch(instant.planDate, "07:30", instant.timeZone));

      // The cron tick at this instant runs what is due, for the right dates, and fails nothing.
      const reports = await runScheduled({ ...env, ZC_NOW: instant.at, TIME_ZONE: instant.timeZone }, at, TICK);
      expect(reports.map((r) => ({ job: r.job, date: r.date }))).toEqual(instant.cron);
      for (const r of reports) expect([r.job, r.result]).toEqual([r.job, expect.stringMatching(/^(done|skipped)$/)]);
    });
  }
});

/** The first volunteer on the roster (any one will do for a sign-up link). */
async function firstVolunteerId(): Promise<string> {
  const range = encodeURIComponent("'志愿者 Volunteers'!A2:A2");
  const { values = [] } = (await (await sheetsCall(SHEET, "GET", `/values/${range}`)).json()) as {
    values?: string[][];
  };
  return values[0]![0]!;
}

/** An .ics DTSTART (UTC with Z, or floating local time in the community's zone) as epoch ms. */
function icsInstant(value: string, timeZone: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value)!;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const time = `${m[4]}:${m[5]}`;
  return m[7] ? Date.parse(`${date}T${time}:${m[6]}Z`) : localTimeToEpoch(date, time, timeZone);
}
