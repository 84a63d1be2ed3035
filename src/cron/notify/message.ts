/**
 * What ZoneCrew tells a group, independent of the chat service: a kind, a plain text (Chinese
 * first, English second) and optional phone numbers to @mention. Each adapter turns it into the
 * payloads its service documents, split to that service's length limit.
 */
export type MessageKind = "broadcast" | "reminder" | "digest" | "wrap_up";

export interface GroupMessage {
  kind: MessageKind;
  text: string;
  /** Mainland mobiles to @mention where the service supports it (WeCom text messages). */
  mentionPhones?: string[];
}

const encoder = new TextEncoder();

/** UTF-8 bytes, the unit WeCom limits in. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Splits text into parts no longer than `limit` (measured by `size`), at line breaks where
 * possible, so a long list never loses a line between two messages.
 */
export function splitText(text: string, limit: number, size: (s: string) => number = (s) => s.length): string[] {
  const parts: string[] = [];
  let current = "";
  const push = () => {
    if (current) parts.push(current);
    current = "";
  };
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (size(candidate) <= limit) {
      current = candidate;
      continue;
    }
    push();
    if (size(line) <= limit) {
      current = line;
      continue;
    }
    // A single line over the limit: cut it by characters (never inside a surrogate pair).
    let piece = "";
    for (const ch of line) {
      if (size(piece + ch) > limit) {
        parts.push(piece);
        piece = "";
      }
      piece += ch;
    }
    current = piece;
  }
  push();
  return parts.length > 0 ? parts : [""];
}
