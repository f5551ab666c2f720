"""Writes formulas without cached values (openpyxl saves none) whose
numbers LibreOffice shows in a format it takes from the formula when their
cell has none of its own (a date for DATE() and for a date plus days, the
format of the one cell a formula is), and the same formulas in cells with a
format of their own:

  typed_openpyxl.py OUT.xlsx

Row 1 holds a date, a percent, a number shown as 00123 and a plain number;
row 2 formulas of them in cells of the General format, row 3 the same
formulas in formatted cells. LibreOffice's CSV of it, recalculated
(make.sh), is what the user sees. Run with Debian's python3.
"""
import datetime
import sys

from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "Tracker"
ws.append([datetime.datetime(2025, 7, 3), 0.5, 123, 7])
ws["A1"].number_format = "yyyy-mm-dd"
ws["B1"].number_format = "0%"
ws["C1"].number_format = "00000"
formulas = ["=A1", "=B1", "=C1", "=D1*2", "=DATE(2025,7,3)", "=A1+1", "=B1*2", '="x"&D1', "=5%", "=D1/4"]
ws.append(formulas)
ws.append(formulas)
for col, fmt in zip("ABCEF", ["yyyy-mm-dd", "0%", "00000", "yyyy-mm-dd", "yyyy-mm-dd"]):
    ws[col + "3"].number_format = fmt
wb.save(sys.argv[1])
