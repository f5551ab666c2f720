#!/usr/bin/python3
"""Writes testdata/fidelity/fods/CASE.fods, a flat OpenDocument spreadsheet
per case of cases.json, written here by hand as a user's LibreOffice would
hold it. make.sh has LibreOffice convert each to .xlsx, .xls and .ods
(LibreOffice as a writer) and Gnumeric convert LibreOffice's .ods.

The .fods files are fixtures too: their formulas carry no value (a flat
file written by hand), which the reader must compute or refuse. Numbers
with a date format are written as floats with a date style, so that the
stored serial is exactly the case's (LibreOffice writes dates back as
dates in its own files). Not covered: very hidden sheets (OpenDocument
has only hidden; such a sheet is written hidden)."""
import os
import re
from xml.sax.saxutils import escape, quoteattr

from common import cases, cell, col_index, out_dir

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
      'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"')


def num(digits=1, decimals=0, grouping=False):
    g = ' number:grouping="true"' if grouping else ""
    return ('<number:number number:decimal-places="%d" number:min-decimal-places="%d" '
            'number:min-integer-digits="%d"%s/>' % (decimals, decimals, digits, g))


def txt(s):
    return "<number:text>%s</number:text>" % escape(s)


Y, M, D = '<number:year number:style="long"/>', '<number:month number:style="long"/>', '<number:day number:style="long"/>'
M1, D1, Y2 = '<number:month/>', '<number:day/>', '<number:year/>'
HH, MM = '<number:hours number:style="long"/>', '<number:minutes number:style="long"/>'

# The number formats of cases.json, as OpenDocument data styles:
# (element, content, cell value type).
STYLES = {
    "00000": ("number-style", num(5), "float"),
    '"PLAN-"000': ("number-style", txt("PLAN-") + num(3), "float"),
    "0.00": ("number-style", num(1, 2), "float"),
    "#,##0.00": ("number-style", num(1, 2, True), "float"),
    '"$"#,##0.00': ("number-style", txt("$") + num(1, 2, True), "float"),
    # Negative numbers in brackets: a style for the others, mapped.
    "0;(0)": ("number-style", txt("(") + num() + txt(")"), "float"),
    "@": ("text-style", "<number:text-content/>", "float"),
    "0%": ("percentage-style", num() + txt("%"), "percentage"),
    "0.0%": ("percentage-style", num(1, 1) + txt("%"), "percentage"),
    '0"%"': ("number-style", num() + txt("%"), "float"),
    "0\\%": ("number-style", num() + txt("%"), "float"),
    "yyyy-mm-dd": ("date-style", Y + txt("-") + M + txt("-") + D, "float"),
    "yyyy-mm-dd hh:mm": ("date-style", Y + txt("-") + M + txt("-") + D + txt(" ") + HH + txt(":") + MM, "float"),
    "m/d/yyyy": ("date-style", M1 + txt("/") + D1 + txt("/") + Y, "float"),
    "dd.mm.yyyy": ("date-style", D + txt(".") + M + txt(".") + Y, "float"),
    "mmm d, yyyy": ("date-style", '<number:month number:textual="true"/>' + txt(" ") + D1 + txt(", ") + Y, "float"),
    "mm-dd-yy": ("date-style", M + txt("-") + D + txt("-") + Y2, "float"),
}


def of_formula(f):
    """Excel's formula syntax as OpenFormula: references in brackets,
    semicolons between arguments; string literals untouched."""
    out = []
    for i, part in enumerate(re.split(r'("[^"]*")', f)):
        if i % 2 == 0:
            part = re.sub(r"\b([A-Z]{1,3}[0-9]+)\b", r"[.\1]", part).replace(",", ";")
        out.append(escape(part, {'"': "&quot;"}))
    return "of:=" + "".join(out)


def write(case, path):
    used = sorted({cell(c)[1] for s in case["sheets"] for r in s["rows"] for c in r if cell(c)[1]})
    names = {f: "N%d" % i for i, f in enumerate(used)}
    styles = []
    for f in used:
        kind, body, _ = STYLES[f]
        if ";" in f:
            styles.append('<number:number-style style:name="%sP">%s</number:number-style>' % (names[f], num()))
            body += '<style:map style:condition="value()&gt;=0" style:apply-style-name="%sP"/>' % names[f]
        styles.append('<number:%s style:name="%s">%s</number:%s>' % (kind, names[f], body, kind))
        styles.append('<style:style style:name="c%s" style:family="table-cell" style:parent-style-name="Default" '
                      'style:data-style-name="%s"/>' % (names[f], names[f]))
    styles.append('<style:style style:name="tahidden" style:family="table"><style:table-properties table:display="false"/></style:style>')
    styles.append('<style:style style:name="tashown" style:family="table"><style:table-properties table:display="true"/></style:style>')
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<office:document %s>" % NS,
           " <office:automatic-styles>"] + ["  " + s for s in styles] + [" </office:automatic-styles>",
                                                                         " <office:body>", "  <office:spreadsheet>"]
    if case.get("date1904"):
        out.append('   <table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>')
    for s in case["sheets"]:
        out.append('   <table:table table:name=%s table:style-name="%s">' % (quoteattr(s["name"]), "tahidden" if s.get("hidden") else "tashown"))
        width = max(len(r) for r in s["rows"])
        hidden_cols = {col_index(c) for c in s.get("hiddenCols", [])}
        for c in range(width):
            vis = ' table:visibility="collapse"' if c in hidden_cols else ""
            out.append("    <table:table-column%s/>" % vis)
        for r, row in enumerate(s["rows"], start=1):
            vis = ' table:visibility="collapse"' if r in s.get("hiddenRows", []) else ""
            cells = []
            for raw in row:
                v, fm, f = cell(raw)
                st = ' table:style-name="c%s"' % names[fm] if fm else ""
                if f is not None:
                    cells.append('<table:table-cell%s table:formula="%s"/>' % (st, of_formula(f)))
                elif v is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(v, str):
                    cells.append('<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>' % (st, escape(v)))
                else:
                    vt = STYLES[fm][2] if fm else "float"
                    cells.append('<table:table-cell%s office:value-type="%s" office:value="%r"/>' % (st, vt, v))
            if not cells:
                cells.append("<table:table-cell/>")
            out.append("    <table:table-row%s>%s</table:table-row>" % (vis, "".join(cells)))
        out.append("   </table:table>")
    out += ["  </office:spreadsheet>", " </office:body>", "</office:document>"]
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    d = out_dir("fods")
    for case in cases():
        write(case, os.path.join(d, case["name"] + ".fods"))


if __name__ == "__main__":
    main()
