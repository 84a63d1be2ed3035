/**
 * Webhook adapters for the chat services Chinese (and other) organizers use, each in the format
 * its documentation gives:
 * - WeCom (企业微信) group robot: `{"msgtype":"text","text":{"content","mentioned_mobile_list"}}`,
 *   content at most 2,048 UTF-8 bytes; success is `{"errcode":0}` (HTTP 200 even on errors).
 * - Feishu/Lark custom bot: `{"msg_type":"text","content":{"text"}}`, optionally signed with
 *   `timestamp` + `sign` = base64(HMAC-SHA256 keyed by "timestamp\nsecret" over ""); success is
 *   `{"code":0}`. Feishu cannot @mention by phone number, so mentions are written as text.
 * - Slack incoming webhook: `{"text"}`; success is HTTP 200 `ok`. No phone mentions.
 */
import { byteLength, splitText, type GroupMessage } from "./message.ts";

export type Channel = "wecom" | "feishu" | "slack";

export interface WebhookConfig {
  wecom?: string;
  feishu?: string;
  feishuSecret?: string;
  slack?: string;
}

export interface PreparedRequest {
  channel: Channel;
  part: number;
  url: string;
  body: unknown;
}

/** Raised when a service answers but refuses; `retryable` for rate limits and server errors. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "WebhookError";
  }
}

export const WECOM_TEXT_BYTES = 2048;
export const FEISHU_TEXT_CHARS = 4000;
export const SLACK_TEXT_CHARS = 3000;

export function wecomRequests(url: string, message: GroupMessage): PreparedRequest[] {
  const parts = splitText(message.text, WECOM_TEXT_BYTES, byteLength);
  return parts.map((content, part) => ({
    channel: "wecom",
    part,
    url,
    body: {
      msgtype: "text",
      text: {
        content,
        // Mention once, with the last part, so each person is pinged a single time.
        ...(message.mentionPhones?.length && part === parts.length - 1
          ? { mentioned_mobile_list: message.mentionPhones }
          : {}),
      },
    },
  }));
}

export async function feishuRequests(
  url: string,
  message: GroupMessage,
  secret: string | undefined,
  nowSeconds: number,
): Promise<PreparedRequest[]> {
  const signature = secret ? await feishuSign(secret, nowSeconds) : undefined;
  return splitText(message.text, FEISHU_TEXT_CHARS).map((text, part) => ({
    channel: "feishu",
    part,
    url,
    body: {
      ...(signature ? { timestamp: String(nowSeconds), sign: signature } : {}),
      msg_type: "text",
      content: { text },
    },
  }));
}

export function slackRequests(url: string, message: GroupMessage): PreparedRequest[] {
  return splitText(message.text, SLACK_TEXT_CHARS).map((text, part) => ({
    channel: "slack",
    part,
    url,
    body: { text },
  }));
}

/** Feishu's documented signature: HMAC-SHA256 keyed by "timestamp\nsecret" over an empty message. */
export async function feishuSign(secret: string, timestamp: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(`${timestamp}\n${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array()));
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Sends one prepared request and checks the service's own success signal. */
export async function sendPrepared(
  request: PreparedRequest,
  fetcher: (r: Request) => Promise<Response>,
): Promise<void> {
  const response = await fetcher(
    new Request(request.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request.body),
    }),
  );
  const text = await response.text();
  if (!response.ok) {
    throw new WebhookError(
      `${request.channel} HTTP ${response.status}: ${text.slice(0, 200)}`,
      response.status === 429 || response.status >= 500,
    );
  }
  if (request.channel === "slack") return;
  let body: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new WebhookError(`${request.channel}: unreadable answer ${text.slice(0, 200)}`, true);
  }
  const code = request.channel === "wecom" ? body.errcode : (body.code ?? body.StatusCode);
  if (code !== 0 && code !== undefined) {
    // WeCom 45009 and Feishu 9499 / 11232 are rate limits: worth another try later.
    const retryable = [45009, 9499, 11232].includes(code);
    throw new WebhookError(`${request.channel} refused (${code}): ${body.errmsg ?? body.msg ?? ""}`, retryable);
  }
}

export async function prepareAll(
  config: WebhookConfig,
  message: GroupMessage,
  nowSeconds: number,
): Promise<PreparedRequest[]> {
  const requests: PreparedRequest[] = [];
  if (config.wecom) requests.push(...wecomRequests(config.wecom, message));
  if (config.feishu) requests.push(...(await feishuRequests(config.feishu, message, config.feishuSecret, nowSeconds)));
  if (config.slack) requests.push(...slackRequests(config.slack, message));
  return requests;
}
