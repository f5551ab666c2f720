#!/usr/bin/python3
"""Writes testdata/fidelity/openpyxl/CASE.xlsx with openpyxl (Debian's
python3-openpyxl), one workbook per case of cases.json.

openpyxl stores formulas without a cached value (<f> and no <v>): the
reader must compute them or refuse naming the cell. Everything else of the
matrix is covered: number formats, hidden and very hidden sheets, hidden
rows and columns, the 1904 date system."""
import os

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from common import cases, cell, out_dir


def write(case, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if case.get("date1904"):
        wb.epoch = CALENDAR_MAC_1904
    for s in case["sheets"]:
        ws = wb.create_sheet(s["name"])
        for r, row in enumerate(s["rows"], start=1):
            for c, raw in enumerate(row, start=1):
                v, fm, f = cell(raw)
                if f is not None:
                    v = "=" + f
                if v is None:
                    continue
                x = ws.cell(row=r, column=c, value=v)
                if fm:
                    x.number_format = fm
        for r in s.get("hiddenRows", []):
            ws.row_dimensions[r].hidden = True
        for c in s.get("hiddenCols", []):
            ws.column_dimensions[c].hidden = True
        if s.get("hidden"):
            ws.sheet_state = s["hidden"]
    wb.save(path)


def main():
    d = out_dir("openpyxl")
    for case in cases():
        write(case, os.path.join(d, case["name"] + ".xlsx"))


if __name__ == "__main__":
    main()
