// A virtualized grid: only the rows in view are in the document, and the
// rows are fetched a page at a time from /api/rows, so that a
// workbook of a hundred thousand rows opens at once and scrolls smoothly.

import { get } from "./api.js";

const PAGE = 200;
// Browsers cap an element's height (Firefox near 17.9 million pixels):
// past this, a pixel of scrolling stands for more than a row's height.
const MAX_HEIGHT = 8e6;

export class Grid {
  constructor(root, { onActivate } = {}) {
    this.root = root;
    this.body = root.querySelector(".grid-body");
    this.spacer = root.querySelector(".grid-spacer");
    this.rowsEl = root.querySelector(".grid-rows");
    this.onActivate = onActivate;
    this.id = null;
    this.total = 0;
    this.pages = new Map();
    this.loading = new Set();
    this.active = -1;
    this.marks = new Map(); // place -> {field: message}, the API's errors
    this.columns = [];      // per file: field -> column letter
    this.rowHeight = 0;
    this.frame = 0;
    this.body.addEventListener("scroll", () => this.schedule());
    window.addEventListener("resize", () => { this.rowHeight = 0; this.schedule(); });
    root.addEventListener("keydown", (e) => this.key(e));
    this.rowsEl.addEventListener("click", (e) => {
      const row = e.target.closest(".grid-row");
      if (row) this.setActive(Number(row.dataset.n));
    });
  }

  // show starts over with a conversion: its id, its row count and its
  // first page.
  show(id, total, firstRows, columns) {
    this.id = id;
    this.total = total;
    this.pages = new Map();
    this.loading = new Set();
    this.active = -1;
    this.columns = columns || [];
    if (firstRows) this.store(0, firstRows);
    this.root.setAttribute("aria-rowcount", String(total + 1));
    this.root.removeAttribute("aria-activedescendant");
    this.body.scrollTop = 0;
    this.render();
  }

  // mark shows the API's errors at their rows: records' sources and
  // their errors.
  mark(errors) {
    this.marks = new Map();
    for (const rec of errors || []) {
      const fields = {};
      for (const e of rec.errors || []) fields[e.field || ""] = e.message;
      this.marks.set(rec.source, fields);
    }
    this.render();
  }

  store(offset, rows) {
    for (const r of rows) {
      const p = Math.floor(r.n / PAGE);
      if (!this.pages.has(p)) this.pages.set(p, new Map());
      this.pages.get(p).set(r.n, r);
    }
  }

  row(n) {
    const page = this.pages.get(Math.floor(n / PAGE));
    return page && page.get(n);
  }

  async load(p) {
    if (this.loading.has(p) || (this.pages.has(p) && this.pages.get(p).size > 0 && this.complete(p))) return;
    this.loading.add(p);
    const id = this.id;
    try {
      const page = await get(`/api/rows?id=${encodeURIComponent(id)}&offset=${p * PAGE}&limit=${PAGE}`);
      if (id !== this.id) return;
      this.store(page.offset, page.rows);
      this.schedule();
    } finally {
      this.loading.delete(p);
    }
  }

  complete(p) {
    const size = Math.min(PAGE, this.total - p * PAGE);
    return this.pages.get(p).size >= size;
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  measure() {
    if (this.rowHeight) return;
    const probe = document.createElement("div");
    probe.className = "grid-row";
    probe.innerHTML = "<span>x</span>";
    this.rowsEl.appendChild(probe);
    this.rowHeight = probe.getBoundingClientRect().height || 36;
    probe.remove();
  }

  // geometry maps the scroll position to the first row in view.
  geometry() {
    this.measure();
    const view = this.body.clientHeight;
    const full = this.total * this.rowHeight;
    const height = Math.min(full, MAX_HEIGHT);
    const visible = Math.ceil(view / this.rowHeight) + 1;
    let first;
    if (full <= MAX_HEIGHT) {
      first = Math.floor(this.body.scrollTop / this.rowHeight);
    } else {
      const frac = this.body.scrollTop / Math.max(1, height - view);
      first = Math.floor(frac * Math.max(0, this.total - visible + 1));
    }
    first = Math.max(0, Math.min(first, Math.max(0, this.total - 1)));
    return { height, visible, first };
  }

  render() {
    const { height, visible, first } = this.geometry();
    this.spacer.style.height = `${height}px`;
    const last = Math.min(this.total, first + visible);
    if (this.total * this.rowHeight <= MAX_HEIGHT) {
      this.rowsEl.style.transform = `translateY(${first * this.rowHeight}px)`;
    } else {
      this.rowsEl.style.transform = `translateY(${this.body.scrollTop}px)`;
    }
    const frag = document.createDocumentFragment();
    for (let n = first; n < last; n++) {
      const r = this.row(n);
      if (!r) this.load(Math.floor(n / PAGE));
      frag.appendChild(this.rowElement(n, r));
    }
    this.rowsEl.replaceChildren(frag);
  }

  rowElement(n, r) {
    const el = document.createElement("div");
    el.className = "grid-row";
    el.setAttribute("role", "row");
    el.setAttribute("aria-rowindex", String(n + 2));
    el.id = `row-${n}`;
    el.dataset.n = String(n);
    if (n === this.active) {
      el.classList.add("active");
      el.setAttribute("aria-selected", "true");
    }
    const cells = [String(n + 1), "", "", "", "", "", "", ""];
    const bad = {};
    let note = "";
    if (!r) {
      cells[1] = "…";
    } else if (r.errors) {
      // Its values: what converted as the record writes it, what failed
      // as its cell was found.
      const v = r.values || {};
      el.classList.add("failed");
      cells[1] = r.place;
      cells[2] = v.externalId || r.externalId || "";
      cells[3] = v.status || "";
      cells[4] = v.metricValue || "";
      cells[5] = v.asOfDate || "";
      cells[6] = v.comment || "";
      for (const e of r.errors) bad[e.field] = true;
      note = r.errors.map((e) => `${e.cell || e.place}: ${e.field ? e.field + " " : ""}"${e.value}": ${e.message}`).join(" · ");
    } else {
      const rec = r.record;
      cells[1] = r.place;
      cells[2] = rec.externalId;
      cells[3] = rec.status;
      cells[4] = rec.metricValue === undefined ? "" : String(rec.metricValue);
      cells[5] = rec.asOfDate;
      cells[6] = rec.comment || "";
      const marks = this.marks.get(r.place);
      if (marks) {
        el.classList.add("failed");
        for (const f of Object.keys(marks)) bad[f] = true;
        note = Object.entries(marks).map(([f, m]) => `${this.cellOf(r, f)}${f ? " " + f : ""}: ${m}`).join(" · ");
      }
    }
    cells[7] = note;
    const fields = [null, null, "externalId", "status", "metricValue", "asOfDate", "comment", null];
    const classes = ["c-n", "c-place", "c-id", "c-status", "c-metric", "c-date", "c-comment", "c-errors"];
    cells.forEach((text, i) => {
      const span = document.createElement("span");
      span.setAttribute("role", "gridcell");
      span.className = classes[i];
      span.textContent = text;
      if (i === 7 && note) span.classList.add("err");
      if (fields[i] && bad[fields[i]]) span.classList.add("bad");
      if (i === 0 || i === 1) span.classList.add("muted");
      span.title = span.textContent;
      el.appendChild(span);
    });
    return el;
  }

  // cellOf names the cell of a field of a row: its column (from the
  // file's explanation) and the row number of its External ID cell.
  cellOf(r, field) {
    const m = /!([A-Z]+)(\d+)$/.exec(r.place);
    const col = (this.columns[r.file] || {})[field];
    return m && col ? `${col}${m[2]}` : r.place;
  }

  setActive(n) {
    if (this.total === 0) return;
    this.active = Math.max(0, Math.min(this.total - 1, n));
    this.root.setAttribute("aria-activedescendant", `row-${this.active}`);
    this.scrollTo(this.active);
    this.render();
    if (this.onActivate) this.onActivate(this.row(this.active));
  }

  scrollTo(n) {
    const { height, visible, first } = this.geometry();
    if (this.total * this.rowHeight <= MAX_HEIGHT) {
      const top = n * this.rowHeight;
      if (top < this.body.scrollTop) this.body.scrollTop = top;
      else if (top + this.rowHeight > this.body.scrollTop + this.body.clientHeight) this.body.scrollTop = top + this.rowHeight - this.body.clientHeight;
    } else if (n < first || n >= first + visible - 1) {
      const frac = n / Math.max(1, this.total - visible + 1);
      this.body.scrollTop = frac * (height - this.body.clientHeight);
    }
  }

  key(e) {
    const { visible } = this.geometry();
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: visible - 1, PageUp: -(visible - 1) };
    let n = this.active < 0 ? 0 : this.active;
    if (e.key in moves) n += this.active < 0 ? 0 : moves[e.key];
    else if (e.key === "Home") n = 0;
    else if (e.key === "End") n = this.total - 1;
    else return;
    e.preventDefault();
    this.setActive(n);
  }
}
