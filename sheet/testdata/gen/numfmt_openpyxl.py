"""Writes numfmt-openpyxl.xlsx: numbers through the number format codes
trackers use, one per row: A the number (General), B the code as text,
C the number formatted with the code. LibreOffice's CSV of the sheet
(make.sh) is what each shows: the readers' tests compare with it.

Run with Debian's python3 (python3-openpyxl).
"""
import sys
from openpyxl import Workbook

CODES = [
    "00000", "0", "0.00", "#,##0", "#,##0.00", '0"%"', "0\\%", '0.0" %"',
    '"ID-"0000', "000-00-0000", "0.0#", "#.##", "0.00E+00", "##0.0E+0",
    "00.0E+0", "#,##0,", '#,##0.0,,"M"', "[$-409]0.00", "[$\u20ac-407]#,##0.00",
    "[Red]0;[Blue]-0", '0;(0);"zero"', "0_);(0)", "#,##0_);[Red](#,##0)",
    "??0", '"PLAN-"000', "0.0", "\\#0", "0.00;-0.00;0.00", "#", "#0.0#",
]
VALUES = [0, 5, 123, -123, 0.5, 0.125, 0.54, 54, 1234.5678, 1234567.891,
          9.995, 99999.5, -0.4, 0.001, 12345678901]

out = sys.argv[1]
wb = Workbook()
ws = wb.active
ws.title = "Formats"
ws.append(["Number", "Code", "Shown"])
for code in CODES:
    for v in VALUES:
        ws.append([v, code, v])
        ws.cell(row=ws.max_row, column=3).number_format = code
wb.save(out)
