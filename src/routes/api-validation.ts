/**
 * How organizer routes validate what they are sent: `@hono/zod-validator` with the schemas of
 * ./api-schemas/inputs.ts and one hook that turns a zod failure into the ApiError the routes have
 * always answered (400 `bad_date`, `bad_json`, `bad_volunteer_ids`, …, in Chinese and English).
 *
 * @example
 * .post("/api/:community/plans/:date/generate", validate("param", dateParams), (c) => {
 *   const { date } = c.req.valid("param");
 * })
 */
import { zValidator } from "@hono/zod-validator";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { badJson, inputFailures } from "./api-schemas/inputs.ts";
import { readCapped, replaceBody } from "./body-limit.ts";

type Target = "param" | "query" | "json";

/** The error for the first failing field: its own code when it has one, else a generic 400. */
export function inputError(target: Target, error: z.core.$ZodError): ApiError {
  const field = error.issues[0]?.path[0];
  const failure = typeof field === "string" ? inputFailures[field] : undefined;
  if (failure) return new ApiError(400, failure.code, failure.zh, failure.en);
  if (target === "json") return new ApiError(400, badJson.code, badJson.zh, badJson.en);
  const name = String(field ?? target);
  return new ApiError(400, "bad_request", `请求里的 ${name} 不对。`, `"${name}" is not valid.`);
}

function hook(target: Target) {
  return (result: { success: true } | { success: false; error: z.core.$ZodError }) => {
    if (!result.success) throw inputError(target, result.error);
  };
}

/** Validates the path parameters or the query string; `c.req.valid(target)` is then typed. */
export function validate<T extends "param" | "query", S extends z.ZodType>(target: T, schema: S) {
  return zValidator(target, schema, hook(target));
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Whether the request says its body is JSON (the test Hono's json validator uses). */
export function labelledJson(contentType: string | undefined): boolean {
  return JSON_TYPE.test((contentType ?? "").split(";")[0]!.trim());
}

/**
 * Validates a JSON body. A body not labelled JSON is left to the route (signups/import also takes
 * text/plain); `bufferBody({ alwaysJson: true })` labels it first where JSON is the only form.
 * Unparsable JSON is `bad_json`, not Hono's bare 400.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const inner = zValidator("json", schema, hook("json"));
  const outer: MiddlewareHandler = async (c, next) => {
    if (!labelledJson(c.req.header("content-type"))) return next();
    let reached = false;
    try {
      return await inner(c, async () => {
        reached = true;
        await next();
      });
    } catch (error) {
      // Only the validator's own parse failure; errors from the route itself pass through.
      if (!reached && error instanceof HTTPException) throw new ApiError(400, badJson.code, badJson.zh, badJson.en);
      throw error;
    }
  };
  // Same input and output types as the validator it wraps, so `c.req.valid("json")` stays typed.
  return outer as typeof inner;
}

export interface BodyLimit {
  maxBytes: number;
  /** The 413 to answer, given the size seen in Chinese and English. */
  tooLarge: (sizeZh: string, sizeEn: string) => ApiError;
  /**
   * Read the body as JSON whatever its content type (`curl -d` labels it form data); an empty body
   * is `{}`.
   */
  alwaysJson?: boolean;
}

/**
 * Reads the body once, refusing it while reading once it passes `maxBytes` (a 50 MB upload is cut
 * off, not buffered; see ./body-limit.ts), and puts it back on the request for the validator and
 * the route.
 */
export function bufferBody(limit: BodyLimit) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = await readCapped(c.req.raw, limit.maxBytes);
    if (!body.ok) {
      if (body.reason === "declared") {
        const kb = `${Math.ceil(body.declared / 1024)} KB`;
        throw limit.tooLarge(kb, kb);
      }
      throw limit.tooLarge(`超过 ${limit.maxBytes / 1024} KB`, `over ${limit.maxBytes / 1024} KB`);
    }
    const headers = new Headers(c.req.raw.headers);
    let text = new TextDecoder().decode(body.bytes);
    if (limit.alwaysJson) {
      headers.set("content-type", "application/json");
      if (text.trim() === "") text = "{}";
    }
    replaceBody(c, text, headers);
    await next();
  });
}
