// Fills the tracker that ait-template made (testdata/xlsx/template.xlsx) the
// way a user does in a spreadsheet program, with SheetJS: reads it, types a
// few statuses, percentages, a date and a comment, leaves the other rows
// empty, and writes testdata/xlsx/sheetjs-filled-template.xlsx.
//
// Make the template first, then run from the module root:
//   go run ./cmd/ait-template --as-of 2025-07-03 testdata/xlsx/export.xlsx -o testdata/xlsx/template.xlsx
//   NODE_PATH=/path/to/node_modules node testdata/gen/sheetjs/fill-template.js
const XLSX = require("xlsx");

const wb = XLSX.readFile("testdata/xlsx/template.xlsx", { cellStyles: true, cellNF: true });
const ws = wb.Sheets["Tracker"];
// Row 2 (AA-001): all four inputs, a later date typed over the prefilled one.
ws["E2"] = { t: "s", v: "at risk" };
ws["F2"] = { t: "n", v: 0.25, z: "0.0%" };
ws["G2"] = { t: "n", v: 45900, z: "yyyy-mm-dd" };
ws["H2"] = { t: "s", v: "Filled in SheetJS, line one\nand line two" };
// Row 4 (00123): a status only; the prefilled date stays.
ws["E4"] = { t: "s", v: "Achieved" };
// Row 6 (12345): a metric typed as text, as some users do.
ws["E6"] = { t: "s", v: "Off Track" };
ws["F6"] = { t: "s", v: "54.3%" };
XLSX.writeFile(wb, "testdata/xlsx/sheetjs-filled-template.xlsx", { bookSST: true, compression: true });
console.log("wrote testdata/xlsx/sheetjs-filled-template.xlsx");
