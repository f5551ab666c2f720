// Writes testdata/fidelity/sheetjs/CASE.xlsx and CASE-nocache.xlsx with
// SheetJS, one workbook per case of testdata/fidelity/cases.json (made by
// testdata/gen/fidelity/cases.py): CASE.xlsx stores each formula with its
// true result as the cached value, as SheetJS does when the caller gives
// one; CASE-nocache.xlsx stores the formulas alone (<f> without <v>).
// Covered: number formats, hidden and very hidden sheets, hidden rows and
// columns, the 1904 date system.
//
// Needs the npm package xlsx (SheetJS): `npm ci` in this folder (see
// package.json). Run from the module root, as testdata/fidelity/make.sh
// does: node testdata/gen/sheetjs/fidelity.js
const fs = require("fs");
const path = require("path");
const XLSX = require("xlsx");

const root = path.resolve(__dirname, "../../..");
const fidelity = path.join(root, "testdata/fidelity");
const { cases } = JSON.parse(fs.readFileSync(path.join(fidelity, "cases.json"), "utf8"));

function colIndex(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function sheetCell(raw, cached) {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return { t: "s", v: raw };
  if (typeof raw === "number") return { t: "n", v: raw };
  const c = {};
  if (raw.f !== undefined) {
    c.f = raw.f;
    c.t = typeof raw.v === "string" ? "s" : "n";
    if (cached) c.v = raw.v;
  } else {
    c.t = typeof raw.v === "string" ? "s" : "n";
    c.v = raw.v;
  }
  if (raw.fmt) c.z = raw.fmt;
  return c;
}

function write(c, cached, file) {
  const wb = XLSX.utils.book_new();
  const states = [];
  for (const s of c.sheets) {
    const ws = {};
    let maxC = 0;
    s.rows.forEach((row, r) => {
      row.forEach((raw, col) => {
        const cell = sheetCell(raw, cached);
        if (cell) ws[XLSX.utils.encode_cell({ r, c: col })] = cell;
      });
      maxC = Math.max(maxC, row.length);
    });
    ws["!ref"] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(s.rows.length - 1, 0), c: Math.max(maxC - 1, 0) } });
    if (s.hiddenRows) {
      ws["!rows"] = [];
      for (const r of s.hiddenRows) ws["!rows"][r - 1] = { hidden: true };
    }
    if (s.hiddenCols) {
      ws["!cols"] = [];
      for (const col of s.hiddenCols) ws["!cols"][colIndex(col)] = { hidden: true };
    }
    XLSX.utils.book_append_sheet(wb, ws, s.name);
    states.push({ Hidden: s.hidden === "veryHidden" ? 2 : s.hidden ? 1 : 0 });
  }
  wb.Workbook = { Sheets: states, WBProps: { date1904: !!c.date1904 } };
  XLSX.writeFile(wb, file, { bookSST: true, compression: true });
}

const out = path.join(fidelity, "sheetjs");
fs.mkdirSync(out, { recursive: true });
for (const c of cases) {
  write(c, true, path.join(out, c.name + ".xlsx"));
  write(c, false, path.join(out, c.name + "-nocache.xlsx"));
}
console.log("wrote " + 2 * cases.length + " workbooks in " + path.relative(root, out));
