"""Writes a tracker whose cells are formulas, as openpyxl saves it (no
cached values: an empty <v>) or as XlsxWriter does (0 for every formula,
and calcPr fullCalcOnLoad):

  formulas.py openpyxl OUT.xlsx
  formulas.py xlsxwriter OUT.xlsx

Sheet Tracker: a report date in B1 and a target in D1 that every row
refers to; a header in row 3; rows whose ID, status, metric, date and
comment are formulas of the row (and a running total of the rows above);
a row that uses TODAY(), one that refers to another sheet, one that
divides by zero. LibreOffice's CSV of it, recalculated (make.sh), is what
the user sees. Run with Debian's python3.
"""
import datetime
import sys

writer, out = sys.argv[1], sys.argv[2]

HEADER = ["External ID", "Status", "Done", "Total", "Metric Value", "As Of Date", "Comment", "Running", "Key"]
ROWS = []
for i, (done, total, key) in enumerate([(27, 50, 7), (10, 40, 12), (40, 40, 5), (3, 12, 100), (9, 30, 8)]):
    r = 4 + i
    ROWS.append([
        '="PLAN-"&I%d' % r,
        '=IF(E{r}>=1,"Achieved",IF(E{r}>=0.5,"On Track","At Risk"))'.format(r=r),
        done, total,
        "=ROUND(C{r}/D{r},2)".format(r=r),
        "=$B$1+%d" % i,
        '=CONCATENATE("Done ",C{r}," of ",D{r}," (",UPPER("ok"),")")'.format(r=r),
        "=H%d+C%d" % (r - 1, r) if i else "=C%d" % r,
        key,
    ])
ROWS.append(['="PLAN-"&I9', "On Track", 1, 2, "=C9/D9", "=TODAY()", "uses TODAY", "=H8+C9", 9])
ROWS.append(['="PLAN-"&I10', "On Track", 1, 0, "=C10/D10", "=$B$1", "divides by zero", "=Other!A1", 10])
ROWS.append(['="PLAN-"&I11', '=IF(SUM(C4:C8)>80,"On Track","At Risk")', "=MAX(C4:C8)", "=SUM(D4:D8)", "=AVERAGE(E4:E8)", "=DATE(2025,7,3)", '=IF(H10>0,"yes","no")', "=H9+C11", 11])
REPORT = datetime.datetime(2025, 7, 3)

if writer == "openpyxl":
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "Report date", REPORT, "Target", 0.8
    ws["B1"].number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
        ws.cell(row=ws.max_row, column=6).number_format = "yyyy-mm-dd"
    other = wb.create_sheet("Other")
    other["A1"] = 5
    wb.save(out)
elif writer == "xlsxwriter":
    import xlsxwriter
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("Tracker")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write("A1", "Report date")
    ws.write_datetime("B1", REPORT, date)
    ws.write("C1", "Target")
    ws.write("D1", 0.8)
    ws.write_row(2, 0, HEADER)
    for i, row in enumerate(ROWS):
        for j, v in enumerate(row):
            fmt = date if j == 5 else None
            if isinstance(v, str) and v.startswith("="):
                ws.write_formula(3 + i, j, v, fmt)
            else:
                ws.write(3 + i, j, v, fmt)
    other = wb.add_worksheet("Other")
    other.write("A1", 5)
    wb.close()
else:
    sys.exit("formulas.py openpyxl|xlsxwriter OUT.xlsx")
