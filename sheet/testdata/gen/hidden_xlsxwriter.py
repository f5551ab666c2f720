"""Writes hidden-xlsxwriter.xlsx: the same hidden things as
hidden_openpyxl.py, as XlsxWriter saves them (a chart sheet first, so
that the worksheets' numbers do not follow their places). Run with
Debian's python3 (python3-xlsxwriter).
"""
import sys
import xlsxwriter

out = sys.argv[1]
wb = xlsxwriter.Workbook(out)
cs = wb.add_chartsheet("Chart")
ws = wb.add_worksheet("Tracker")
arch = wb.add_worksheet("Archive")
sec = wb.add_worksheet("Secret")
ws.write_row(0, 0, ["External ID", "Owner", "Status", "Metric Value", "As Of Date"])
rows = [
    ["T-1", "ann", "On Track", 0.1, "2025-07-01"],
    ["T-2", "bob", "At Risk", 0.2, "2025-07-02"],
    ["T-3", "cy", "On Track", 0.3, "2025-07-03"],
    ["T-4", "di", "On Track", 0.4, "2025-07-04"],
    ["T-5", "ed", "Off Track", 0.5, "2025-07-05"],
    ["T-6", "fy", "Off Track", 0.6, "2025-07-06"],
    ["T-7", "gu", "On Track", 0.7, "2025-07-07"],
]
for i, r in enumerate(rows, start=1):
    ws.write_row(i, 0, r)
ws.set_row(3, None, None, {"hidden": True})
ws.set_column("B:B", None, None, {"hidden": True})
ws.autofilter("A1:E8")
ws.filter_column_list(2, ["On Track", "At Risk"])
ws.set_row(5, None, None, {"hidden": True})
ws.set_row(6, None, None, {"hidden": True})
arch.write_row(0, 0, ["External ID", "Status", "As Of Date"])
arch.write_row(1, 0, ["OLD-1", "On Track", "2019-01-01"])
arch.hide()
sec.write_row(0, 0, ["External ID", "Status", "As Of Date"])
sec.write_row(1, 0, ["SEC-1", "On Track", "2019-01-01"])
sec.hide()  # XlsxWriter 3.0 has no very hidden state
chart = wb.add_chart({"type": "column"})
chart.add_series({"values": "=Tracker!$D$2:$D$8"})
cs.set_chart(chart)
wb.close()
