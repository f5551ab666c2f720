// The browser journey in Firefox, by hand (chromedp drives only Chromium):
// open ait-web's address, choose testdata/web/ambiguous.csv, answer the
// date order and the status word, and print the command line, the grid's
// rows, the CSV download and what the browser stored (nothing).
//
//   ait-web --no-open > url.txt &
//   node --experimental-websocket testdata/web/firefox-journey.mjs "$(cat url.txt)" "$PWD/testdata/web/ambiguous.csv"
//
// Needs Firefox (firefox-esr, or FIREFOX) and Node 20 or newer; speaks
// WebDriver BiDi on port 9333. Exits 1 when a step never happens.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const [url, file] = process.argv.slice(2);
const prof = mkdtempSync(join(tmpdir(), "ait-web-firefox-"));
const ff = spawn(process.env.FIREFOX || "firefox-esr", ["--headless", "--remote-debugging-port", "9333", "--profile", prof, "--no-remote"], { stdio: "ignore" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let ws;
for (let i = 0; i < 100; i++) {
  await sleep(200);
  try {
    ws = new WebSocket("ws://127.0.0.1:9333/session");
    await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
    break;
  } catch { ws = null; }
}
if (!ws) { console.log("Firefox's WebDriver BiDi never answered"); ff.kill(); rmSync(prof, { recursive: true, force: true }); process.exit(1); }
let id = 0; const waiting = new Map();
ws.onmessage = (m) => { const d = JSON.parse(m.data); if (d.id && waiting.has(d.id)) { waiting.get(d.id)(d); waiting.delete(d.id); } };
const send = (method, params) => new Promise((res) => { const i = ++id; waiting.set(i, res); ws.send(JSON.stringify({ id: i, method, params })); });
const ok = async (method, params) => { const r = await send(method, params); if (r.type === "error") throw new Error(method + ": " + r.error + " " + r.message); return r.result; };
await ok("session.new", { capabilities: {} });
const tree = await ok("browsingContext.getTree", {});
const context = tree.contexts[0].context;
const js = async (expr) => (await ok("script.evaluate", { expression: expr, target: { context }, awaitPromise: true })).result;
const until = async (expr, what) => { for (let i = 0; i < 300; i++) { const r = await js(expr); if (r.type === "boolean" ? r.value : r.type !== "undefined" && r.type !== "null" && r.value) return; await sleep(50); } throw new Error("never: " + what); };
let failed = false;
try {
  await ok("browsingContext.navigate", { context, url, wait: "complete" });
  await until(`document.querySelector("#target").textContent !== ""`, "the page's info");
  console.log("target:", (await js(`document.querySelector("#target").textContent`)).value);
  const input = await js(`document.querySelector("#files")`);
  await ok("input.setFiles", { context, element: { sharedId: input.sharedId }, files: [file] });
  await until(`!!document.querySelector('.question button[data-value="dmy"]')`, "the date-order question");
  await js(`document.querySelector('.question button[data-value="dmy"]').click()`);
  await until(`document.querySelector("#command").textContent.includes("--date-order dmy")`, "the command line");
  await until(`document.querySelector('.question select[data-word="Green"]')?.value === ""`, "the status word, nothing chosen");
  await js(`document.querySelector('.question select[data-word="Green"]').value = "On Track"`);
  await js(`document.querySelector('.question .button.primary').click()`);
  await until(`document.querySelector("#command").textContent.includes("Green=On Track") && !!document.querySelector("#dl-csv").getAttribute("href")`, "the answer");
  console.log("command:", (await js(`document.querySelector("#command").textContent`)).value);
  console.log("rows:", (await js(`[...document.querySelectorAll("#grid-rows .grid-row")].map(r => r.textContent).join(" | ")`)).value);
  console.log("csv:", JSON.stringify((await js(`fetch(document.querySelector("#dl-csv").href).then(r => r.text())`)).value));
  console.log("storage:", (await js(`JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])`)).value);
} catch (e) {
  failed = true;
  console.log("FAILED:", e.message, "; the page says:", (await js(`document.querySelector("#status").textContent`)).value);
}
await send("session.end", {});
ff.kill();
await new Promise((r) => ff.on("exit", r));
rmSync(prof, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
