import { describe, expect, it } from "vitest";
import { endOfLocalDay, localDate, localStamp, localTimeToEpoch } from "../../src/domain/local-time.ts";

describe("local time in a community's zone", () => {
  it("ends a Shanghai day at 16:00 UTC, the instant the next local day begins", () => {
    const end = endOfLocalDay("2022-04-19", "Asia/Shanghai");
    expect(end).toBe(Date.UTC(2022, 3, 19, 16));
    expect(localDate(end - 1, "Asia/Shanghai")).toBe("2022-04-19");
    expect(localDate(end, "Asia/Shanghai")).toBe("2022-04-20");
  });

  it("finds the instant of a wall-clock time, including across a daylight-saving change", () => {
    expect(localTimeToEpoch("2022-04-19", "07:30", "Asia/Shanghai")).toBe(Date.UTC(2022, 3, 18, 23, 30));
    // New York moved to EDT (UTC-4) on 2022-03-13: that day lasts 23 hours.
    expect(endOfLocalDay("2022-03-13", "America/New_York")).toBe(Date.UTC(2022, 2, 14, 4));
    expect(endOfLocalDay("2022-03-12", "America/New_York")).toBe(Date.UTC(2022, 2, 13, 5));
    expect(localTimeToEpoch("2022-04-19", "24:00", "UTC")).toBe(Date.UTC(2022, 3, 20));
  });

  it("stamps an answer as MM-DD HH:mm on the local clock", () => {
    expect(localStamp(Date.UTC(2022, 3, 18, 23, 5), "Asia/Shanghai")).toBe("04-19 07:05");
    expect(localStamp(Date.UTC(2022, 3, 18, 16, 0), "Asia/Shanghai")).toBe("04-19 00:00");
  });
});
