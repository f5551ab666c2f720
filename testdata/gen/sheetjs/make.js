// Writes the SheetJS-made fixtures of testdata/xlsx: shared strings, number
// formats as SheetJS writes them, a hidden sheet, formula cells with cached
// values, and a workbook in the 1904 date system.
//
// Needs the npm package xlsx (SheetJS): npm install xlsx@0.18.5
// Run from the module root: NODE_PATH=/path/to/node_modules node testdata/gen/sheetjs/make.js
const XLSX = require("xlsx");

function tracker() {
  const wb = XLSX.utils.book_new();
  const help = XLSX.utils.aoa_to_sheet([["Fill one row per plan item."]]);
  XLSX.utils.book_append_sheet(wb, help, "Read me");

  const old = XLSX.utils.aoa_to_sheet([["External ID", "Status", "As Of Date"], ["OLD-1", "On Track", "2019-01-01"]]);
  XLSX.utils.book_append_sheet(wb, old, "Archive");

  const rows = [
    ["Strategy tracker 2025 (SheetJS)"],
    [],
    ["ExternalID", "Item", "STATUS", "Progress", "Update Date", "Comments"],
    ["SJ-001", "Revenue", "on track", { t: "n", v: 0.54, z: "0%" }, { t: "n", v: 45841, z: "m/d/yy" }, "first"],
    ["SJ-002", "People", "Off  Track", { t: "n", v: 0.543, z: "0.0%" }, "31.07.2025", ""],
    ["SJ-003", "Places", "", "", "", ""],
    [{ t: "n", v: 4711 }, "Numeric id", "Achieved", { t: "n", v: 1, z: "0%", f: "0.5*2" }, { t: "n", v: 45842.5, z: "yyyy-mm-dd hh:mm" }, "formula metric"],
    ["SJ-005", "Text percent", "Not Achieved", "12.5 %", "Jul 3, 2025", { t: "s", v: "done", f: "LOWER(\"DONE\")" }],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  XLSX.utils.book_append_sheet(wb, ws, "Tracker");
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 0 }] };
  XLSX.writeFile(wb, "testdata/xlsx/sheetjs-tracker.xlsx", { bookSST: true, compression: true });
}

function date1904() {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([
    ["External Id", "Status", "Metric Value", "As Of"],
    ["S4-1", "At Risk", 0.1, { t: "n", v: 44379, z: "yyyy-mm-dd" }],
  ]);
  XLSX.utils.book_append_sheet(wb, ws, "Updates");
  wb.Workbook = { WBProps: { date1904: true } };
  XLSX.writeFile(wb, "testdata/xlsx/sheetjs-1904.xlsx", { bookSST: true, compression: true });
}

tracker();
date1904();
console.log("wrote testdata/xlsx/sheetjs-tracker.xlsx, testdata/xlsx/sheetjs-1904.xlsx");
