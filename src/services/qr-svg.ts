/**
 * A QR code as a small SVG, drawn server-side (no script on the page): `uqr` encodes, and each
 * row's dark runs become one path segment, about a third of the size of one square per module.
 *
 * @example
 * qrSvg("https://zonecrew.example/c/AbCdEfGhJkMn") // '<svg xmlns=... viewBox="0 0 33 33">...'
 */
import { encode } from "uqr";

export function qrSvg(text: string, options: { border?: number; title?: string } = {}): string {
  const border = options.border ?? 4;
  // M: 15% of the code may be damaged (a creased print on the gate board) and it still scans.
  const { data, size } = encode(text, { ecc: "M", border: 0 });
  const full = size + 2 * border;
  let path = "";
  data.forEach((row, y) => {
    for (let x = 0; x < size;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && row[x + run]) run++;
      path += `M${x + border},${y + border}h${run}v1h-${run}z`;
      x += run;
    }
  });
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `${title}<rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
