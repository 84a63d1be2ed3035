import { describe, expect, it } from "vitest";
import { defaultJobTimes, dueJobs } from "../../src/domain/schedule.ts";

// Shanghai is UTC+8 all year: 21:00 local = 13:00 UTC.
const shanghai = (d: number, h: number, m = 0) => Date.UTC(2022, 3, d, h - 8, m);

describe("due jobs by the community's clock", () => {
  it("publishes tomorrow from 21:00 local", () => {
    expect(dueJobs(shanghai(18, 20, 45), "Asia/Shanghai")).toEqual([
      { job: "digest", date: "2022-04-18" },
      { job: "wrap_up", date: "2022-04-18" },
    ]);
    expect(dueJobs(shanghai(18, 21, 0), "Asia/Shanghai")).toContainEqual({ job: "publish", date: "2022-04-19" });
  });

  it("still publishes the right day when the tick comes after midnight", () => {
    // 00:15 on the 19th: the evening of the 18th was missed; the plan is for the 19th.
    expect(dueJobs(shanghai(19, 0, 15), "Asia/Shanghai")).toEqual([{ job: "publish", date: "2022-04-19" }]);
  });

  it("chases from 06:30 until the digest at 09:00, then digests", () => {
    expect(dueJobs(shanghai(19, 6, 30), "Asia/Shanghai")).toEqual([{ job: "chase", date: "2022-04-19" }]);
    expect(dueJobs(shanghai(19, 8, 59), "Asia/Shanghai")).toEqual([{ job: "chase", date: "2022-04-19" }]);
    expect(dueJobs(shanghai(19, 9, 0), "Asia/Shanghai")).toEqual([{ job: "digest", date: "2022-04-19" }]);
    expect(dueJobs(shanghai(19, 12, 0), "Asia/Shanghai")).toEqual([{ job: "digest", date: "2022-04-19" }]);
  });

  it("wraps the day up from 17:00 until midnight", () => {
    expect(dueJobs(shanghai(19, 16, 59), "Asia/Shanghai")).toEqual([{ job: "digest", date: "2022-04-19" }]);
    expect(dueJobs(shanghai(19, 17, 0), "Asia/Shanghai")).toEqual([
      { job: "digest", date: "2022-04-19" },
      { job: "wrap_up", date: "2022-04-19" },
    ]);
    expect(dueJobs(shanghai(19, 17, 0), "Asia/Shanghai", { ...defaultJobTimes, wrapUp: "18:30" })).toEqual([
      { job: "digest", date: "2022-04-19" },
    ]);
  });

  it("runs each community on its own clock (a second time zone)", () => {
    // 13:00 UTC is 21:00 in Shanghai but 09:00 in New York (EDT, UTC-4) on 2022-04-18.
    const instant = Date.UTC(2022, 3, 18, 13, 0);
    expect(dueJobs(instant, "Asia/Shanghai")).toContainEqual({ job: "publish", date: "2022-04-19" });
    expect(dueJobs(instant, "America/New_York")).toEqual([{ job: "digest", date: "2022-04-18" }]);
  });

  it("honours a community's own times", () => {
    const times = { publish: "20:00", chase: "06:00", digest: "10:00", wrapUp: "18:00" };
    expect(dueJobs(shanghai(18, 20, 0), "Asia/Shanghai", times)).toContainEqual({ job: "publish", date: "2022-04-19" });
    expect(dueJobs(shanghai(19, 9, 30), "Asia/Shanghai", times)).toEqual([{ job: "chase", date: "2022-04-19" }]);
  });
});
