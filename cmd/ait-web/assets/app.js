// ait-web's page: drop trackers, answer the questions they leave open,
// see the records, download them, check and send them. Every rule is the
// server's (the same packages as the commands); the page only shows what
// it answers and sends what the user chose.

import { get, post, APIError } from "./api.js";
import { Grid } from "./grid.js";

// The token has done its work (the cookie is set): take it out of the
// address bar and the history.
if (location.search.includes("token=")) history.replaceState(null, "", "/");

const $ = (sel) => document.querySelector(sel);
const state = { upload: null, id: null, answer: null, busy: false, job: null };
const grid = new Grid($("#grid"));

function say(text, bad = false) {
  const el = $("#status");
  el.textContent = text;
  el.classList.toggle("bad", bad);
}

// fields are the options form as ait-convert's flags: each control is
// named as its flag; a text area holds one value a line.
function fields() {
  const out = [];
  const form = $("#options");
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === "checkbox") {
      if (el.checked) out.push([el.name, "true"]);
    } else if (el.type === "radio") {
      if (el.checked && el.value) out.push([el.value, "true"]);
    } else if (el.tagName === "TEXTAREA") {
      for (const line of el.value.split("\n")) if (line.trim()) out.push([el.name, line.trim()]);
    } else if (el.value.trim()) {
      out.push([el.name, el.value.trim()]);
    }
  }
  return out;
}

// conversionData names the conversion shown, for a check or a send.
function conversionData() {
  const fd = new FormData();
  fd.append("id", state.id);
  return fd;
}

function formData(files) {
  const fd = new FormData();
  for (const [k, v] of fields()) fd.append(k, v);
  if (files) for (const f of files) fd.append("file", f, f.name);
  else fd.append("upload", state.upload);
  return fd;
}

async function convert(files) {
  if (!files && !state.upload) return;
  if (state.busy) return;
  state.busy = true;
  $("#reconvert").disabled = true;
  say(files ? `Reading ${files.length === 1 ? files[0].name : files.length + " files"}…` : "Converting again…");
  try {
    const a = await post("/api/convert", formData(files));
    state.upload = a.upload;
    state.id = a.id;
    state.answer = a;
    showAnswer(a);
    say(a.code === 0 ? "Converted." : a.code === 1 ? "Converted, with errors: see the rows marked in red." : "Some files could not be read: see the questions and notes.", a.code !== 0);
  } catch (e) {
    say(e.message, true);
  } finally {
    state.busy = false;
    $("#reconvert").disabled = false;
  }
}

function showAnswer(a) {
  $("#command").textContent = a.command;
  $("#files-list").replaceChildren(...a.files.map((f) => li(`${f.name}${f.stats && f.stats.sheet ? ` (sheet “${f.stats.sheet}”)` : ""}`)));
  const records = a.files.reduce((n, f) => n + (f.stats ? f.stats.records : 0), 0);
  const invalid = a.files.reduce((n, f) => n + (f.stats ? f.stats.invalid : 0), 0);
  $("#counts").textContent = `${plural(records, "record")}${invalid ? `, ${plural(invalid, "row")} with errors` : ""}; ${plural(a.rowTotal, "row")} in the grid.`;
  const notes = [];
  for (const f of a.files) {
    if (f.error) notes.push(note(`${f.name}: ${f.error}`, true));
    else if (f.stats) {
      const s = f.stats;
      let t = `${f.name}: ${plural(s.records, "record")}`;
      if (s.skipped) t += `, ${plural(s.skipped, "row")} without an update skipped`;
      if (s.hidden) t += `, ${plural(s.hidden, "hidden row")} converted`;
      if (s.leftOut) t += `, ${plural(s.leftOut, "hidden row")} left out`;
      if (s.computed) t += `; ${plural(s.computed, "formula")} computed`;
      if (s.columns) t += `; columns: ${s.columns}`;
      notes.push(note(t, false));
    }
  }
  $("#file-notes").replaceChildren(...notes);
  $("#explain").textContent = a.files.map((f) => f.explainText || `${f.name}: ${f.error || ""}`).join("\n");
  const columns = a.files.map((f) => {
    const m = {};
    for (const fc of (f.explain && f.explain.fields) || []) if (fc.column) m[fc.field] = fc.column;
    return m;
  });
  grid.marks = new Map();
  grid.show(a.id, a.rowTotal, a.rows, columns);
  showQuestions(a);
  showDownloads(a);
  $("#validate").disabled = false;
  $("#submit").disabled = false;
  $("#validate-result").textContent = "";
}

function li(text) {
  const el = document.createElement("li");
  el.textContent = text;
  return el;
}

function note(text, bad) {
  const p = document.createElement("p");
  p.className = "file-note" + (bad ? " bad" : "");
  p.textContent = text;
  return p;
}

function plural(n, word) {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

// Questions: a file's refusals and the rows' gathered ones, each choice a
// button that sets its flag and converts again.
function showQuestions(a) {
  const all = a.questions;
  const box = $("#questions");
  box.replaceChildren(...all.map(questionElement));
  $("#questions-s").hidden = all.length === 0;
}

function questionElement(q) {
  const div = document.createElement("div");
  div.className = "question";
  div.setAttribute("role", "group");
  const p = document.createElement("p");
  const where = q.place ? ` (${q.place}${q.rows > 1 ? ` and ${plural(q.rows - 1, "other row")}` : ""})` : "";
  p.textContent = `${capital(q.message)}${where}`;
  div.appendChild(p);
  div.setAttribute("aria-label", q.message);
  if (q.question === "status-map") {
    div.appendChild(statusMapTable(q));
    return div;
  }
  const choices = document.createElement("div");
  choices.className = "choices";
  for (const c of q.choices) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button primary";
    b.textContent = c.label || `${c.flag} ${c.value}`;
    b.dataset.flag = c.flag;
    b.dataset.value = c.value;
    if (c.evidence) {
      const ev = document.createElement("span");
      ev.className = "evidence";
      ev.textContent = c.evidence;
      b.appendChild(ev);
    }
    b.addEventListener("click", () => choose(c));
    choices.appendChild(b);
  }
  div.appendChild(choices);
  return div;
}

function capital(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

// A status-map question: a select of the statuses for each word (what it
// usually means listed first, never chosen for the user), and one button
// for them all.
function statusMapTable(q) {
  const wrap = document.createElement("div");
  const table = document.createElement("table");
  const selects = [];
  for (const c of q.choices) {
    const word = c.value.replace(/=$/, "");
    const tr = document.createElement("tr");
    const td1 = document.createElement("td");
    const id = `sm-${selects.length}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = c.label;
    td1.appendChild(label);
    const td2 = document.createElement("td");
    const sel = document.createElement("select");
    sel.id = id;
    sel.dataset.word = word;
    // Nothing is chosen for the user: what a word usually means is listed
    // first and said so, and the user picks it (Amber is At Risk in one
    // organization and Off Track in another).
    sel.appendChild(new Option("choose a status…", ""));
    const usual = (q.suggested || {})[c.value];
    if (usual) sel.appendChild(new Option(`${usual} (what "${word}" usually means)`, usual));
    for (const st of q.statuses || []) if (st !== usual) sel.appendChild(new Option(st, st));
    td2.appendChild(sel);
    tr.append(td1, td2);
    table.appendChild(tr);
    selects.push(sel);
  }
  const b = document.createElement("button");
  b.type = "button";
  b.className = "button primary";
  b.textContent = "Use these statuses";
  b.addEventListener("click", () => {
    const ta = $("#options [name=status-map]");
    const lines = ta.value.split("\n").filter((l) => l.trim());
    for (const sel of selects) if (sel.value) lines.push(`${sel.dataset.word}=${sel.value}`);
    ta.value = lines.join("\n");
    convert();
  });
  wrap.append(table, b);
  return wrap;
}

// choose sets a choice's flag in the options form and converts again; a
// value to fill in (a header row, a date) is left to the user, focused.
function choose(c) {
  const form = $("#options");
  if (c.flag === "decimal-comma" || c.flag === "decimal-point") {
    form.querySelector(`[name=decimal][value=${c.flag}]`).checked = true;
  } else if (c.flag === "map" || c.flag === "status-map") {
    const ta = form.querySelector(`[name=${c.flag}]`);
    ta.value = ta.value.split("\n").filter((l) => l.trim()).concat([c.value]).join("\n");
  } else {
    const el = form.querySelector(`[name="${c.flag}"]`);
    if (!el) return say(`The page has no control for ${c.flag}.`, true);
    if (el.type === "checkbox") el.checked = c.value === "true";
    else el.value = c.value;
    if (!c.value) {
      el.focus();
      return say(`Fill in “${el.closest("label").firstChild.textContent.trim()}”, then convert again.`);
    }
  }
  convert();
}

function showDownloads(a) {
  for (const f of ["csv", "json"]) {
    const link = $(`#dl-${f}`);
    if (a.download.ok) {
      link.href = `/api/download?id=${encodeURIComponent(a.id)}&format=${f}`;
      link.setAttribute("download", "");
      link.removeAttribute("aria-disabled");
      link.title = a.commands[f];
    } else {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      link.title = a.download.why;
    }
  }
  const x = $("#dl-xlsx");
  x.hidden = !a.download.annotated;
  if (a.download.annotated) {
    x.href = `/api/download?id=${encodeURIComponent(a.id)}&format=xlsx`;
    x.setAttribute("download", "");
    x.removeAttribute("aria-disabled");
    x.title = a.commands.annotate || "";
  }
  $("#dl-why").textContent = a.download.ok ? `Downloads are what ${a.commands.csv.split(" -o ")[0]} writes.` : a.download.why;
}

async function validate() {
  const out = $("#validate-result");
  out.textContent = "Checking…";
  out.classList.remove("bad");
  try {
    const rep = await post("/api/validate", conversionData());
    out.textContent = rep.errorRecords === 0
      ? `All ${plural(rep.totalRecords, "record")} are valid, as the API would judge them.`
      : `${rep.errorRecords} of ${plural(rep.totalRecords, "record")} are invalid (${rep.command}).`;
    out.classList.toggle("bad", rep.errorRecords > 0);
    grid.mark(rep.errors);
  } catch (e) {
    out.textContent = e.message;
    out.classList.add("bad");
  }
}

async function submit() {
  const key = $("#apikey").value.trim();
  const jobEl = $("#job");
  jobEl.classList.remove("bad");
  $("#job-errors").replaceChildren();
  jobEl.textContent = "Sending…";
  $("#submit").disabled = true;
  try {
    const headers = key ? { "X-Api-Key": key } : {};
    const job = await post("/api/submit", conversionData(), headers);
    showJob(job);
    follow(job.jobId);
  } catch (e) {
    jobEl.textContent = e instanceof APIError && e.body && e.body.sent === false ? `Not sent: ${e.message}` : e.message;
    jobEl.classList.add("bad");
    if (e.body && e.body.errors) showJobErrors(e.body.errors);
    $("#submit").disabled = false;
  }
}

function showJob(job) {
  const el = $("#job");
  el.replaceChildren();
  const strong = document.createElement("strong");
  strong.className = `status-${job.status}`;
  strong.textContent = job.status;
  el.append(`Job ${job.jobId}: `, strong, ` (${plural(job.records, "record")})`);
  if (job.note) el.append(` — ${job.note}`);
  el.classList.toggle("bad", job.status === "Failed");
  showJobErrors(job.errors);
}

function showJobErrors(errors) {
  const list = $("#job-errors");
  const items = [];
  for (const rec of errors || []) {
    for (const e of rec.errors || []) {
      items.push(li(`${rec.source || "position " + rec.position}: ${e.field ? e.field + " " : ""}"${e.value}": ${e.message}`));
    }
  }
  list.replaceChildren(...items);
  grid.mark(errors);
}

async function follow(jobId) {
  state.job = jobId;
  for (let wait = 250; state.job === jobId; wait = Math.min(wait * 2, 4000)) {
    await new Promise((r) => setTimeout(r, wait));
    try {
      const job = await get(`/api/jobs/${encodeURIComponent(jobId)}`);
      showJob(job);
      if (job.done || job.note) {
        $("#submit").disabled = false;
        history_();
        return;
      }
    } catch (e) {
      $("#job").textContent = e.message;
      return;
    }
  }
}

async function history_() {
  try {
    const h = await get("/api/history");
    const rows = h.submissions.map((s) => {
      const tr = document.createElement("tr");
      const cells = [new Date(s.sent).toLocaleString(), String(s.records), s.status, s.jobId || "", s.target];
      for (const [i, t] of cells.entries()) {
        const td = document.createElement("td");
        td.textContent = t;
        if (i === 2) td.className = `status-${t}`;
        tr.appendChild(td);
      }
      return tr;
    });
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 5;
      td.textContent = "Nothing sent yet.";
      tr.appendChild(td);
      rows.push(tr);
    }
    $("#history tbody").replaceChildren(...rows);
  } catch (e) {
    say(e.message, true);
  }
}

// Files: the chooser, and drops anywhere on the drop zone.
$("#files").addEventListener("change", (e) => {
  if (e.target.files.length) convert([...e.target.files]);
  e.target.value = "";
});
const zone = $("#dropzone");
for (const ev of ["dragenter", "dragover"]) zone.addEventListener(ev, (e) => { e.preventDefault(); zone.classList.add("over"); });
for (const ev of ["dragleave", "drop"]) zone.addEventListener(ev, () => zone.classList.remove("over"));
zone.addEventListener("drop", (e) => {
  e.preventDefault();
  if (e.dataTransfer.files.length) convert([...e.dataTransfer.files]);
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => e.preventDefault());

$("#options").addEventListener("submit", (e) => { e.preventDefault(); convert(); });
$("#copy").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText($("#command").textContent);
    say("Command line copied.");
  } catch {
    const range = document.createRange();
    range.selectNodeContents($("#command"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    say("Command line selected: copy it with Ctrl+C.");
  }
});
$("#validate").addEventListener("click", validate);
$("#submit").addEventListener("click", submit);
$("#history-refresh").addEventListener("click", history_);
for (const a of document.querySelectorAll("a.button")) {
  a.addEventListener("click", (e) => { if (a.getAttribute("aria-disabled") === "true") e.preventDefault(); });
}

get("/api/info").then((info) => {
  $("#target").textContent = info.target;
  $("#journal").textContent = info.journal;
  $("#version").textContent = `${info.version}${info.config ? ` · defaults from ${info.config}` : ""}`;
}).catch((e) => say(e.message, true));
history_();
