#!/usr/bin/python3
"""The matrix of the LibreOffice differential harness: each case is one
workbook, described once here and written by every writer's script
(openpyxl.py, xlsxwriter.py, fods.py for LibreOffice and Gnumeric,
../sheetjs/fidelity.js, excelize/main.go) in its own API.

Run by testdata/fidelity/make.sh; writes testdata/fidelity/cases.json,
which the writers and the Go test read.

A cell is
  null                  empty
  "text"                a text cell
  123 or 0.5            a number, General format
  {"v": 0.54, "fmt": "0%"}           a number with a number format
  {"f": "F2/G2", "v": 0.35, "fmt": "0%"}
                        a formula in Excel's syntax without "=", and its
                        true result (the cached value of the writers that
                        store one: SheetJS; LibreOffice and Gnumeric
                        compute their own)
A sheet has "name", "rows", and optionally "hidden" ("hidden" or
"veryHidden"), "hiddenRows" (1-based) and "hiddenCols" (letters).
A case has "name", "sheets", optionally "date1904", and "runs": the
command lines (flags only) the harness runs ait-convert with; each run's
expected records come from LibreOffice's reading of the file (the
oracle), not from here.
"""
import json
import os
import sys

HEAD = ["External ID", "Status", "Metric Value", "As Of Date", "Comment"]
DAY = {"v": 45841, "fmt": "yyyy-mm-dd"}  # 2025-07-03 in the 1900 system


def fmt(v, f):
    return {"v": v, "fmt": f}


def formula(f, v, fm=None):
    c = {"f": f, "v": v}
    if fm:
        c["fmt"] = fm
    return c


CASES = [
    # External IDs as the user sees them: a number shown through a
    # leading-zero format, a literal prefix, a text format, a decimal
    # format; a text ID with zeros; a long number.
    {
        "name": "ids",
        "sheets": [{"name": "Updates", "rows": [
            HEAD,
            [fmt(123, "00000"), "On Track", 0.5, DAY, "zero-padded number"],
            [12345, "At Risk", 0.25, DAY, "plain number"],
            ["00123", "Achieved", 1, DAY, "text with zeros"],
            [fmt(4711, "@"), "Off Track", 0, DAY, "number formatted as text"],
            [fmt(7, '"PLAN-"000'), "Not Started", None, DAY, "literal prefix in the format"],
            [fmt(42, "0.00"), "On Track", 0.1, DAY, "two decimals shown"],
            [123456789012, "On Track", 0.2, DAY, "twelve digits"],
        ]}],
        "runs": [[]],
    },
    # Metrics: percent formats, literal percent signs, text percentages,
    # stored doubles, grouping, a tiny number.
    {
        "name": "metrics",
        "sheets": [{"name": "Updates", "rows": [
            HEAD,
            ["M-01", "On Track", fmt(0.54, "0%"), DAY, "0%"],
            ["M-02", "On Track", fmt(0.543, "0.0%"), DAY, "0.0%"],
            ["M-03", "On Track", fmt(0.54300000000000004, "0%"), DAY, "stored double shown rounded"],
            ["M-04", "On Track", fmt(54, '0"%"'), DAY, "literal percent, quoted"],
            ["M-05", "On Track", fmt(54, "0\\%"), DAY, "literal percent, escaped"],
            ["M-06", "On Track", "54%", DAY, "text percent"],
            ["M-07", "On Track", "54.3 %", DAY, "text percent with a space"],
            ["M-08", "On Track", 0.25, DAY, "General fraction"],
            ["M-10", "On Track", fmt(0, "0%"), DAY, "zero percent"],
            ["M-11", "On Track", 1e-07, DAY, "tiny"],
            ["M-12", "On Track", fmt(0.30000000000000004, "0%"), DAY, "sum of doubles"],
        ]}],
        "runs": [[]],
    },
    # Numbers that are not percentages: grouping, currency, signs, text.
    {
        "name": "numbers",
        "sheets": [{"name": "Updates", "rows": [
            HEAD,
            ["N-1", "On Track", fmt(1234.5, "#,##0.00"), DAY, "grouped"],
            ["N-2", "On Track", 12, DAY, "a count"],
            ["N-3", "On Track", fmt(1234.5, '"$"#,##0.00'), DAY, "currency format"],
            ["N-4", "On Track", "1,234.5", DAY, "grouped text"],
            ["N-5", "On Track", "$1,234.50", DAY, "currency text"],
            ["N-6", "On Track", "+0.5", DAY, "plus sign"],
            ["N-7", "On Track", "\u22120.25", DAY, "minus sign U+2212"],
            ["N-8", "On Track", fmt(-3, "0;(0)"), DAY, "negative in brackets"],
        ]}],
        "runs": [[]],
    },
    # A percent header over bare numbers: percentage points, or not.
    {
        "name": "points",
        "sheets": [{"name": "Updates", "rows": [
            ["External ID", "Status", "% Complete", "As Of Date", "Comment"],
            ["P-1", "On Track", 54, DAY, "54 in a % column"],
            ["P-2", "On Track", 20, DAY, ""],
            ["P-3", "Achieved", 100, DAY, ""],
        ]}],
        "runs": [[], ["--percent-points"]],
    },
    # Date cells in several formats, serials near midnight, a time part,
    # a number that is not shown as a date.
    {
        "name": "dates",
        "sheets": [{"name": "Updates", "rows": [
            HEAD,
            ["D-01", "On Track", 0.5, fmt(45841, "yyyy-mm-dd"), "iso format"],
            ["D-02", "On Track", 0.5, fmt(45841.75, "yyyy-mm-dd hh:mm"), "evening"],
            ["D-03", "On Track", 0.5, fmt(45841.999999999993, "yyyy-mm-dd"), "a hair before midnight"],
            ["D-04", "On Track", 0.5, fmt(45841.99999, "m/d/yyyy"), "a second before midnight"],
            ["D-05", "On Track", 0.5, fmt(45841.9999999999, "dd.mm.yyyy"), "dotted"],
            ["D-06", "On Track", 0.5, fmt(45658, "mmm d, yyyy"), "month name"],
            ["D-07", "On Track", 0.5, fmt(45841, "mm-dd-yy"), "built-in short date"],
            ["D-08", "On Track", 0.5, "2025-07-03", "text date"],
            ["D-09", "On Track", 0.5, 45841, "serial shown as a number"],
            ["D-10", "On Track", 0.5, fmt(45000.5, "yyyy-mm-dd"), "noon"],
        ]}],
        "runs": [[]],
    },
    # Formulas: text, status, ratio in a percent cell, dates, an empty
    # text result, functions.
    {
        "name": "formulas",
        "sheets": [{"name": "Updates", "rows": [
            HEAD + ["Done", "Total", "Word"],
            [formula('"PLAN-"&F2', "PLAN-7"), formula("H2", "On Track"), formula("F2/G2", 0.35, "0%"),
             formula("DATE(2025,7,3)", 45841, "yyyy-mm-dd"), formula('"Done "&F2', "Done 7"), 7, 20, "On Track"],
            ["F-2", formula('IF(F3>5,"At Risk","On Track")', "At Risk"), formula("F3/G3", 0.45, "0.0%"),
             formula("D2+1", 45842, "yyyy-mm-dd"), formula('""', ""), 9, 20, "x"],
            [formula("F4", 12), "Achieved", formula("ROUND(F4/G4,2)", 0.6),
             formula("D2", 45841, "m/d/yyyy"), formula('UPPER("ok")', "OK"), 12, 20, "x"],
            ["F-4", formula("LOWER(H5)", "off track"), formula("F5*10", 70, '0"%"'),
             formula("DATE(2025,1,1)+F5", 45665, "yyyy-mm-dd"), formula('CONCATENATE("a","b")', "ab"), 7, 20, "OFF TRACK"],
            # One formula a row, the rest constants: a placeholder value
            # taken for the formula's shows as a wrong value, not a refusal.
            [formula("F6", 15), "On Track", 0.5, DAY, "only the ID is a formula", 15, 20, "x"],
            ["F-7", "On Track", formula("F7/G7", 0.25, "0%"), DAY, "only the metric is a formula", 5, 20, "x"],
            ["F-8", "On Track", 0.5, DAY, formula('"Done "&F8', "Done 3"), 3, 20, "x"],
            ["F-9", "On Track", 0.5, formula("DATE(2025,7,3)", 45841, "yyyy-mm-dd"), "only the date is a formula", 3, 20, "x"],
        ]}],
        "runs": [[]],
    },
    # Hidden things: a hidden and a very hidden sheet with an External ID
    # header before the tracker; a title row; a hidden Status column left
    # of the visible one; hidden rows.
    {
        "name": "hidden",
        "sheets": [
            {"name": "Old", "hidden": "hidden", "rows": [HEAD, ["OLD-1", "On Track", 0.1, DAY, "hidden sheet"]]},
            {"name": "Secret", "hidden": "veryHidden", "rows": [HEAD, ["SEC-1", "On Track", 0.1, DAY, "very hidden sheet"]]},
            {"name": "Tracker", "hiddenRows": [5, 6], "hiddenCols": ["B"], "rows": [
                ["Q3 tracker"],
                [],
                ["External ID", "Status", "Status", "Metric Value", "As Of Date", "Comment"],
                ["H-1", "Off Track", "On Track", fmt(0.5, "0%"), DAY, "visible row"],
                ["H-2", "Off Track", "At Risk", fmt(0.25, "0%"), DAY, "hidden row"],
                ["H-3", "Off Track", "Achieved", fmt(1, "0%"), DAY, "hidden row too"],
                ["H-4", "Off Track", "Not Started", None, DAY, "visible again"],
            ]},
        ],
        "runs": [[], ["--visible-only"]],
    },
    # Several sheets with an External ID header: an instructions sheet
    # with an example table, Q1, Q2, Q3.
    {
        "name": "sheets",
        "sheets": [
            {"name": "Instructions", "rows": [
                ["How to fill this tracker: one row per plan item, on the sheet of the quarter."],
                ["Example:"],
                HEAD,
                ["EX-000", "On Track", fmt(0.5, "0%"), DAY, "an example row"],
            ]},
            {"name": "Q1", "rows": [HEAD, ["Q-1", "On Track", fmt(0.1, "0%"), fmt(45747, "yyyy-mm-dd"), "stale"],
                                    ["Q-2", "At Risk", fmt(0.2, "0%"), fmt(45747, "yyyy-mm-dd"), "stale"]]},
            {"name": "Q2", "rows": [HEAD, ["Q-1", "On Track", fmt(0.3, "0%"), fmt(45838, "yyyy-mm-dd"), "older"],
                                    ["Q-2", "Off Track", fmt(0.4, "0%"), fmt(45838, "yyyy-mm-dd"), "older"]]},
            {"name": "Q3", "rows": [HEAD, ["Q-1", "Achieved", fmt(1, "0%"), fmt(45930, "yyyy-mm-dd"), "current"],
                                    ["Q-2", "On Track", fmt(0.6, "0%"), fmt(45930, "yyyy-mm-dd"), "current"],
                                    ["Q-3", "Not Started", None, fmt(45930, "yyyy-mm-dd"), None]]},
        ],
        "runs": [[], ["--sheet", "Q3"], ["--sheet", "Instructions"]],
    },
    # Status codes: numbers in the status column, read through a map.
    {
        "name": "statuscodes",
        "sheets": [{"name": "Updates", "rows": [
            HEAD,
            ["S-1", 1, 0.5, DAY, "code 1"],
            ["S-2", 2, 0.5, DAY, "code 2"],
            ["S-3", 3, 0.5, DAY, "code 3"],
            ["S-4", "On Track", 0.5, DAY, "a word"],
        ]}],
        "runs": [[], ["--status-map", "1=On Track,2=At Risk,3=Off Track"]],
    },
]

# The same dates in a workbook that uses the 1904 date system: the same
# stored serials show dates four years and a day later.
DATES1904 = dict(CASES[2], name="dates1904", date1904=True)
CASES.append(DATES1904)


def main(out):
    # One row of cells a line, so that a change reads as a change.
    lines = ['{"cases": [']
    for i, c in enumerate(CASES):
        head = {k: v for k, v in c.items() if k != "sheets"}
        lines.append(" " + json.dumps(head)[:-1] + ', "sheets": [')
        for j, s in enumerate(c["sheets"]):
            meta = {k: v for k, v in s.items() if k != "rows"}
            lines.append("  " + json.dumps(meta)[:-1] + ', "rows": [')
            lines += ["   " + json.dumps(r) + ("," if k < len(s["rows"]) - 1 else "") for k, r in enumerate(s["rows"])]
            lines.append("  ]}" + ("," if j < len(c["sheets"]) - 1 else ""))
        lines.append(" ]}" + ("," if i < len(CASES) - 1 else ""))
    lines.append("]}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../fidelity/cases.json"))
