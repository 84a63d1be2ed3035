/**
 * Request bodies read with a cap, for every route that reads one: the organizer API's JSON and
 * pastes (./api-validation.ts `bufferBody`) and the small forms of the console and the volunteer
 * link pages (`cappedForm`).
 *
 * A declared `Content-Length` over the cap is refused before a byte is read; a body without one
 * (chunked, or a stream) is counted while it is read and cut off once it passes the cap, so a
 * 40 MB upload costs at most the cap, never 40 MB of memory. Callers run their cheap checks
 * (Origin, cookies, the throttle) first, so a refused request has its body never read at all.
 *
 * Why not `hono/body-limit`: it trusts `Content-Length` whenever the header is there and leaves
 * the stream itself uncapped, and as a middleware it reads the body before the route could look
 * at Origin or cookies.
 *
 * @example
 * if (foreignPost(c)) return refused(c);
 * const form = await cappedForm(c);
 * if (!form) return c.html(<TooLarge />, 413);
 */
import type { Context } from "hono";
import type { BodyData } from "hono/utils/body";

/** The forms of the console and the link pages carry a few short fields; 8 KB is plenty. */
export const FORM_MAX_BYTES = 8 * 1024;

/** What reading a body with a cap gives: its bytes, or how it was too large. */
export type CappedBody =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "declared"; declared: number }
  | { ok: false; reason: "read"; maxBytes: number };

/** Reads `request`'s body, at most `maxBytes` of it (see the module comment). */
export async function readCapped(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, reason: "declared", declared };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: "read", maxBytes };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * Puts a body already read back on the request, so validators and `c.req.parseBody()` see it;
 * `headers` may relabel it (the request's own headers by default).
 */
export function replaceBody(c: Context, body: BodyInit, headers = new Headers(c.req.raw.headers)): void {
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  c.req.raw = new Request(c.req.url, { method: c.req.method, headers, body });
}

/**
 * The form of a POST (urlencoded or multipart, as `c.req.parseBody()` reads it), or undefined
 * when its body is over `maxBytes`: the caller answers 413.
 */
export async function cappedForm(c: Context, maxBytes = FORM_MAX_BYTES): Promise<BodyData | undefined> {
  const body = await readCapped(c.req.raw, maxBytes);
  if (!body.ok) return undefined;
  replaceBody(c, body.bytes);
  return c.req.parseBody();
}
