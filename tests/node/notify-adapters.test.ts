import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  feishuRequests,
  feishuSign,
  sendPrepared,
  slackRequests,
  wecomRequests,
  WebhookError,
} from "../../src/cron/notify/adapters.ts";
import { byteLength, splitText } from "../../src/cron/notify/message.ts";

const longList = Array.from(
  { length: 150 },
  (_, i) => `${i + 1}. 志愿者${i} → 包干路线 东区-${i % 8} → https://zc.example/c/ABCDEFGHJK${i}`,
).join("\n");

describe("WeCom group robot", () => {
  it("sends text under 2,048 UTF-8 bytes per message, splitting at line breaks without losing a line", () => {
    const requests = wecomRequests("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", {
      kind: "broadcast",
      text: longList,
    });
    expect(requests.length).toBeGreaterThan(1);
    const contents = requests.map((r) => (r.body as { text: { content: string } }).text.content);
    expect(contents.every((c) => byteLength(c) <= 2048)).toBe(true);
    expect(contents.join("\n")).toBe(longList);
    expect(requests[0]!.body).toMatchObject({ msgtype: "text" });
  });

  it("@mentions reminded volunteers by phone number once, on the last part", () => {
    const requests = wecomRequests("https://w", { kind: "reminder", text: longList, mentionPhones: ["13800000001"] });
    const mentions = requests.map(
      (r) => (r.body as { text: { mentioned_mobile_list?: string[] } }).text.mentioned_mobile_list,
    );
    expect(mentions.at(-1)).toEqual(["13800000001"]);
    expect(mentions.slice(0, -1).every((m) => m === undefined)).toBe(true);
  });

  it("treats errcode 0 as sent and a rate limit (45009) as worth retrying", async () => {
    const [request] = wecomRequests("https://w", { kind: "digest", text: "日报" });
    await sendPrepared(request!, async () => Response.json({ errcode: 0, errmsg: "ok" }));
    const refused = sendPrepared(request!, async () =>
      Response.json({ errcode: 45009, errmsg: "api freq out of limit" }),
    );
    await expect(refused).rejects.toBeInstanceOf(WebhookError);
    await expect(refused).rejects.toMatchObject({ retryable: true });
  });
});

describe("Feishu bot", () => {
  it("signs as Feishu documents: HMAC-SHA256 keyed by 'timestamp\\nsecret' over an empty string", async () => {
    const expected = createHmac("sha256", "1700000000\nsecret-x").update("").digest("base64");
    expect(await feishuSign("secret-x", 1700000000)).toBe(expected);
    const [request] = await feishuRequests(
      "https://open.feishu.cn/open-apis/bot/v2/hook/x",
      { kind: "digest", text: "日报" },
      "secret-x",
      1700000000,
    );
    expect(request!.body).toEqual({
      timestamp: "1700000000",
      sign: expected,
      msg_type: "text",
      content: { text: "日报" },
    });
  });

  it("sends unsigned when no secret is configured, and reads code != 0 as a refusal", async () => {
    const [request] = await feishuRequests("https://f", { kind: "digest", text: "x" }, undefined, 1);
    expect(request!.body).toEqual({ msg_type: "text", content: { text: "x" } });
    await expect(
      sendPrepared(request!, async () => Response.json({ code: 19021, msg: "sign match fail" })),
    ).rejects.toMatchObject({ retryable: false });
  });
});

describe("Slack incoming webhook", () => {
  it("posts text parts of at most 3,000 characters and takes HTTP 200 'ok' as sent", async () => {
    const requests = slackRequests("https://hooks.slack.com/services/T/B/X", {
      kind: "broadcast",
      text: longList.repeat(3),
    });
    expect(requests.every((r) => (r.body as { text: string }).text.length <= 3000)).toBe(true);
    await sendPrepared(requests[0]!, async () => new Response("ok"));
    await expect(
      sendPrepared(requests[0]!, async () => new Response("rate_limited", { status: 429 })),
    ).rejects.toMatchObject({ retryable: true });
  });
});

describe("splitting", () => {
  it("cuts a single overlong line by characters and never splits a surrogate pair", () => {
    const line = "😀".repeat(30);
    const parts = splitText(line, 10, byteLength);
    expect(parts.join("")).toBe(line);
    expect(parts.every((p) => byteLength(p) <= 10)).toBe(true);
  });
});
