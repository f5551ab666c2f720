"""Writes shown-xlsxwriter.xlsx: a tracker whose numbers show otherwise
than they are stored, as XlsxWriter saves it: External IDs 123 formatted
00000 and "PLAN-"000, metrics 54 formatted 0"%" and 0\\%, a percent cell,
status codes 1 and 3 (General), dates near midnight (45841.999999999993).

Run with Debian's python3 (python3-xlsxwriter).
"""
import sys
import xlsxwriter

out = sys.argv[1]
wb = xlsxwriter.Workbook(out)
ws = wb.add_worksheet("Tracker")
zeros = wb.add_format({"num_format": "00000"})
plan = wb.add_format({"num_format": '"PLAN-"000'})
lit = wb.add_format({"num_format": '0"%"'})
esc = wb.add_format({"num_format": "0\\%"})
pct = wb.add_format({"num_format": "0%"})
date = wb.add_format({"num_format": "yyyy-mm-dd"})
two = wb.add_format({"num_format": "0.00"})
ws.write_row(0, 0, ["External ID", "Status", "Metric Value", "As Of Date", "Comment"])
rows = [
    (123, zeros, 1, 54, lit, 45841.999999999993, "literal %, midnight"),
    (7, plan, 3, 54, esc, 45841.5, "escaped %"),
    (42, two, 1, 0.54, pct, 45842, "percent cell"),
    (1001, None, 3, 20, lit, 45841.99999999, "just before midnight"),
]
for i, (id_, idf, status, metric, mf, day, note) in enumerate(rows, start=1):
    ws.write_number(i, 0, id_, idf)
    ws.write_number(i, 1, status)
    ws.write_number(i, 2, metric, mf)
    ws.write_number(i, 3, day, date)
    ws.write_string(i, 4, note)
wb.close()
