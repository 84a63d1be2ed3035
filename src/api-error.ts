/**
 * Expected failures of an HTTP request, with the status to answer and a message in Chinese and
 * English. `app.onError` turns them into `{ error: { code, message, zh, en } }`.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = "ApiError";
  }

  toBody() {
    return { error: { code: this.code, message: `${this.zh} ${this.en}`, zh: this.zh, en: this.en } };
  }
}

export const unauthorized = () =>
  new ApiError(
    401,
    "unauthorized",
    "缺少或错误的管理口令。请在请求头写 Authorization: Bearer <口令>。",
    "Missing or wrong organizer token. Send Authorization: Bearer <token>.",
  );

/** Too many wrong tokens from one client: every attempt is refused for a while, the right token too. */
export const tooManyAttempts = () =>
  new ApiError(
    429,
    "too_many_attempts",
    "错误的口令试了太多次，请一分钟后再试。在这之前，正确的口令也会被拒绝。",
    "Too many wrong tokens. Try again in a minute; until then even the right token is refused.",
  );

export const communityNotFound = () => new ApiError(404, "not_found", "找不到这个小区。", "No such community.");
