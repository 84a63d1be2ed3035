/**
 * The console's style (inline, allowed by its CSP hash) and its one optional script (served from
 * `/console/console.js`, allowed by `script-src 'self'`; nothing inline). Every page works with
 * the script off: it only adds copy buttons and a "working…" label on the button just pressed.
 */

export const consoleStyle = `*{box-sizing:border-box}
body{font:16px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:52rem;margin:0 auto;padding:.75rem}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;justify-content:space-between}
header.top form{margin:0}
h1{font-size:1.3rem;margin:.3rem 0}h2{font-size:1.08rem;margin:0 0 .5rem}h3{font-size:1rem;margin:.8rem 0 .3rem}
.sub,.hint{color:#59636e;font-size:.9rem;margin:.2rem 0}
section{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:.75rem;margin:.7rem 0}
nav.days{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0}
nav.days a{padding:.3rem .6rem;border:1px solid #d1d9e0;border-radius:999px;background:#fff;text-decoration:none}
nav.days a.on{background:#0969da;border-color:#0969da;color:#fff}
a{color:#0969da}
.flash{border-width:2px;font-weight:600}.flash.ok{border-color:#1a7f37;background:#dafbe1}.flash.fail{border-color:#cf222e;background:#ffebe9}
.actions{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
.actions form{margin:0}
button,.button{font:inherit;font-size:1rem;padding:.65rem .5rem;border-radius:8px;border:1px solid #d1d9e0;background:#f6f8fa;color:#1f2328;width:100%;cursor:pointer}
button.primary{background:#1a7f37;border-color:#1a7f37;color:#fff;font-weight:600}
button:disabled{opacity:.6;cursor:progress}
button.small{width:auto;font-size:.85rem;padding:.2rem .55rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(4.6rem,1fr));gap:.4rem;text-align:center}
.tile{border-radius:8px;padding:.4rem .2rem;border:1px solid #d1d9e0}
.tile b{display:block;font-size:1.5rem;line-height:1.2}
.confirmed{background:#dafbe1;border-color:#1a7f37}.declined{background:#ffebe9;border-color:#cf222e}
.pending,.draft{background:#fff8c5;border-color:#bf8700}.at_risk{background:#fff1e5;border-color:#bc4c00}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{padding:.25rem .3rem;border-top:1px solid #eef0f2;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.board td.done{color:#1a7f37}.board td.late{color:#a40e26;font-weight:600;background:#ffebe9}
form.inline{display:inline-flex;gap:.3rem;margin:0}
.badge{display:inline-block;font-size:.78rem;padding:0 .4rem;border-radius:999px;border:1px solid;white-space:nowrap}
ul.people{list-style:none;margin:.2rem 0;padding:0}
ul.people li{padding:.35rem 0;border-top:1px solid #eef0f2}
.who{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}
.who .name{font-weight:600}
.linkrow{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center;font-size:.85rem;margin-top:.15rem}
.linkrow a{word-break:break-all}
a.qr{font-size:.85rem}
.qrbox svg{display:block;width:min(80vw,20rem);height:auto;margin:.5rem auto}
.route{border:1px solid #eef0f2;border-radius:6px;padding:.4rem .5rem;margin:.4rem 0}
.route h3{margin:0}
textarea{font:inherit;font-size:.9rem;width:100%;min-height:10rem}
label{display:block;margin:.5rem 0 .15rem;color:#59636e}
input{font:inherit;width:100%;padding:.55rem;border:1px solid #d1d9e0;border-radius:6px}
.problem{padding:.35rem 0;border-top:1px solid #eef0f2}
.sev-error{color:#a40e26;font-weight:600}.sev-warning{color:#7d4e00;font-weight:600}
.warn{color:#a40e26}
[hidden]{display:none!important}
footer{margin:1rem 0 2rem}`;

/** The A4 board: one page, small type, plan by zone. */
export const printStyle = `@page{size:A4;margin:9mm}
*{box-sizing:border-box}
body{font:9pt/1.3 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#000;margin:0;background:#fff}
main{max-width:192mm;margin:0 auto;padding:2mm}
h1{font-size:14pt;margin:0 0 1mm}
.sub{margin:0 0 2mm;font-size:9.5pt}
table{border-collapse:collapse;width:100%;margin:0 0 2mm}
th,td{border:.2mm solid #555;padding:.6mm 1mm;text-align:left;vertical-align:top}
th{background:#eee}
td.zone{font-weight:700;white-space:nowrap}
td.time{white-space:nowrap}
.ok::before{content:"✓";font-weight:700}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:2mm}
.note{font-size:8pt;color:#333}
.screen-only{font-size:10pt;background:#fff8c5;padding:2mm;border:1px solid #bf8700;margin-bottom:3mm}
@media print{.screen-only{display:none}}`;

export const consoleScript = `(function () {
  "use strict";
  // Copy buttons: shown only when the script runs; without it the text stays selectable.
  document.querySelectorAll("[data-copy], [data-copy-from]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (text === null) {
        var source = document.getElementById(button.getAttribute("data-copy-from"));
        text = source ? source.value || source.textContent : "";
      }
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-done") || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else {
        fallback(text);
        done();
      }
    });
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
  }
  // Progress: the pressed button says what is happening; the others wait.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = form.querySelector("button[data-busy]");
    if (!button) return;
    button.setAttribute("data-label", button.textContent);
    button.textContent = button.getAttribute("data-busy");
    document.querySelectorAll("form.action button").forEach(function (b) { b.disabled = true; });
    form.setAttribute("aria-busy", "true");
  });
  // Coming back to the page from history: the buttons work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.action button").forEach(function (b) {
      b.disabled = false;
      if (b.hasAttribute("data-label")) b.textContent = b.getAttribute("data-label");
    });
  });
})();
`;
