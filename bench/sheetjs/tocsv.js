// The SheetJS peer of bench/compare.sh: the first sheet of a workbook as CSV.
const XLSX = require("xlsx");
const wb = XLSX.readFile(process.argv[2], { dense: true });
process.stdout.write(XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]));
