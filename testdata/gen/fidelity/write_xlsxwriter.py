#!/usr/bin/python3
"""Writes testdata/fidelity/xlsxwriter/CASE.xlsx with XlsxWriter (Debian's
python3-xlsxwriter), one workbook per case of cases.json.

XlsxWriter stores 0 as the value of every formula and sets
<calcPr fullCalcOnLoad="1"/>: the cached values are placeholders, which
the reader must not take. Not covered: very hidden sheets (XlsxWriter 3.0
has no very_hidden; such a sheet is written hidden)."""
import os

import xlsxwriter

from common import cases, cell, col_index, out_dir


def write(case, path):
    wb = xlsxwriter.Workbook(path, {"date_1904": bool(case.get("date1904")),
                                    "strings_to_numbers": False, "strings_to_formulas": False})
    formats = {}

    def style(fm):
        if fm is None:
            return None
        if fm not in formats:
            formats[fm] = wb.add_format({"num_format": fm})
        return formats[fm]

    sheets = []
    for s in case["sheets"]:
        ws = wb.add_worksheet(s["name"])
        sheets.append(ws)
        for r, row in enumerate(s["rows"]):
            for c, raw in enumerate(row):
                v, fm, f = cell(raw)
                if f is not None:
                    ws.write_formula(r, c, "=" + f, style(fm))  # cached value: XlsxWriter's 0
                elif isinstance(v, str):
                    ws.write_string(r, c, v, style(fm))
                elif v is not None:
                    ws.write_number(r, c, v, style(fm))
        for r in s.get("hiddenRows", []):
            ws.set_row(r - 1, None, None, {"hidden": True})
        for c in s.get("hiddenCols", []):
            i = col_index(c)
            ws.set_column(i, i, None, None, {"hidden": True})
        if s.get("hidden"):
            ws.hide()
    # XlsxWriter leaves the active sheet visible, whatever hide() said: a
    # user's workbook has a visible sheet open.
    visible = [ws for ws, s in zip(sheets, case["sheets"]) if not s.get("hidden")]
    visible[0].activate()
    wb.close()


def main():
    d = out_dir("xlsxwriter")
    for case in cases():
        write(case, os.path.join(d, case["name"] + ".xlsx"))


if __name__ == "__main__":
    main()
