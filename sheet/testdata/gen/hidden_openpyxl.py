"""Writes hidden-openpyxl.xlsx: what a tracker hides, as openpyxl saves it.

Sheets: Tracker (row 4 hidden, rows 6-7 filtered out by an autofilter on
Status, column B hidden), Archive (hidden), Secret (very hidden), Chart (a
chart sheet). Run with Debian's python3 (python3-openpyxl).
"""
import sys
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

out = sys.argv[1]
wb = Workbook()
ws = wb.active
ws.title = "Tracker"
ws.append(["External ID", "Owner", "Status", "Metric Value", "As Of Date"])
rows = [
    ["T-1", "ann", "On Track", 0.1, "2025-07-01"],
    ["T-2", "bob", "At Risk", 0.2, "2025-07-02"],
    ["T-3", "cy", "On Track", 0.3, "2025-07-03"],   # row 4: hidden
    ["T-4", "di", "On Track", 0.4, "2025-07-04"],
    ["T-5", "ed", "Off Track", 0.5, "2025-07-05"],  # rows 6-7: filtered out
    ["T-6", "fy", "Off Track", 0.6, "2025-07-06"],
    ["T-7", "gu", "On Track", 0.7, "2025-07-07"],
]
for r in rows:
    ws.append(r)
ws.row_dimensions[4].hidden = True
ws.column_dimensions["B"].hidden = True
ws.auto_filter.ref = "A1:E8"
ws.auto_filter.add_filter_column(2, ["On Track", "At Risk"])
ws.row_dimensions[6].hidden = True
ws.row_dimensions[7].hidden = True

arch = wb.create_sheet("Archive")
arch.append(["External ID", "Status", "As Of Date"])
arch.append(["OLD-1", "On Track", "2019-01-01"])
arch.sheet_state = "hidden"

sec = wb.create_sheet("Secret")
sec.append(["External ID", "Status", "As Of Date"])
sec.append(["SEC-1", "On Track", "2019-01-01"])
sec.sheet_state = "veryHidden"

cs = wb.create_chartsheet("Chart")
chart = BarChart()
chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=8), titles_from_data=True)
cs.add_chart(chart)
wb.save(out)
