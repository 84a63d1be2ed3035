import { describe, expect, it } from "vitest";
import { dutyCalendar, escapeText, foldLine } from "../../src/domain/ics.ts";

const event = {
  uid: "demo-2022-04-19-V003@zonecrew",
  start: Date.UTC(2022, 3, 18, 23, 30),
  end: Date.UTC(2022, 3, 19, 7),
  stamp: Date.UTC(2022, 3, 18, 13, 0, 5),
  summary: "志愿者值班 Volunteer duty: 包干路线 东区/1号楼",
  location: "居委会 Committee office",
  description: "07:30 集合培训, 08:00 收垃圾; 第一轮快递\n药品、冷链先送",
  url: "https://zonecrew.example/c/k7HqVw3NbZt9",
};

describe("the duty calendar file", () => {
  it("is one VEVENT in UTC with CRLF line ends and a reminder", () => {
    const ics = dutyCalendar(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("\r\nDTSTART:20220418T233000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20220419T070000Z\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20220418T130005Z\r\n");
    expect(ics).toContain("TRIGGER:-PT30M");
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n/);
  });

  it("escapes text and folds every line to at most 75 octets without splitting a character", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const ics = dutyCalendar({ ...event, description: "药品冷链先送".repeat(40) });
    for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain(`DESCRIPTION:${"药品冷链先送".repeat(40)}`);
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });
});
