#!/usr/bin/python3
"""LibreOffice, over UNO (Debian's python3-uno and libreoffice-calc), as a
writer of fixtures and as the oracle of the differential harness.

  lo.py convert OUTDIR SRC...   save each SRC as OUTDIR/NAME.xlsx, .xls, .ods
  lo.py oracle FILE...          write FILE.oracle.json beside each FILE:
                                LibreOffice's own reading of it

Both run one LibreOffice in a throwaway profile whose settings make it
recalculate every formula on load, whatever the file says about its cached
values (left at the default, LibreOffice shows XlsxWriter's placeholder
zeros as 0); the oracle also recalculates the whole document after loading
(.xls has no such setting).

The oracle holds what decides what the user sees: the date system; each
sheet's name and visibility; the hidden and filtered-out rows and the
hidden columns; and for each cell of the used area its kind, the text
LibreOffice shows for it, its number, its number format and, when that
format is a date, the date LibreOffice takes it for.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
"""

# The oracle reads at most this many rows of a sheet (a hostile file
# repeats a row a million times); "usedRows" says how many it has.
MAX_ROWS = 50

FILTERS = {"xlsx": "Calc Office Open XML", "xls": "MS Excel 97", "ods": "calc8"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


class Office:
    """One headless LibreOffice in a profile of its own."""

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="aitkit-lo-")
        os.makedirs(os.path.join(self.profile, "user"))
        with open(os.path.join(self.profile, "user", "registrymodifications.xcu"), "w") as f:
            f.write(RECALC_ALWAYS)
        pipe = "aitkitfidelity%d" % os.getpid()
        self.proc = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo", "--nodefault",
                                      "-env:UserInstallation=file://" + self.profile,
                                      "--accept=pipe,name=%s;urp;" % pipe],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                self.ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.2)
        else:
            self.proc.kill()
            sys.exit("LibreOffice did not start")
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        return self

    def load(self, path):
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        doc = self.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True)))
        if doc is None:
            sys.exit("LibreOffice could not open " + path)
        doc.calculateAll()
        return doc

    def __exit__(self, *exc):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def convert(office, outdir, srcs):
    os.makedirs(outdir, exist_ok=True)
    for src in srcs:
        doc = office.load(src)
        # The first visible sheet is the one open, as in a user's
        # workbook (LibreOffice saves an open hidden sheet as visible).
        for i in range(doc.Sheets.Count):
            sh = doc.Sheets.getByIndex(i)
            if sh.IsVisible:
                doc.CurrentController.setActiveSheet(sh)
                break
        base = os.path.splitext(os.path.basename(src))[0]
        for ext, flt in FILTERS.items():
            dst = os.path.join(outdir, base + "." + ext)
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", flt), prop("Overwrite", True)))
        doc.close(True)


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("A") + r) + s
    return s


def number(v):
    """A double as JSON: the shortest text that reads back as it."""
    if v == int(v) and abs(v) < 2**53:
        return int(v)
    return v


def read_cell(c, formats, formatter, iso):
    from com.sun.star.table.CellContentType import EMPTY, VALUE, TEXT, FORMULA
    kind = c.getType()
    if kind == EMPTY:
        return None
    out = {"shown": c.getString()}
    numeric = kind == VALUE
    if kind == TEXT:
        out["kind"] = "text"
    elif kind == VALUE:
        out["kind"] = "number"
    else:
        out["kind"] = "formula"
        out["formula"] = c.getFormula()
        res = c.FormulaResultType2
        # com.sun.star.sheet.FormulaResult: VALUE 1, STRING 2, ERROR 4
        out["result"] = {1: "number", 2: "text", 4: "error"}.get(res, str(res))
        numeric = res == 1
    if numeric:
        v = c.getValue()
        out["value"] = number(v)
        f = formats.getByKey(c.NumberFormat)
        out["format"] = f.FormatString
        if f.Type & 2:  # com.sun.star.util.NumberFormat.DATE (DATETIME has it too)
            out["date"] = formatter.convertNumberToString(iso, v)
    return out


def oracle(office, path):
    doc = office.load(path)
    formats = doc.NumberFormats
    loc = Locale("en", "US", "")
    iso = formats.queryKey("YYYY-MM-DD", loc, False)
    if iso == -1:
        iso = formats.addNew("YYYY-MM-DD", loc)
    formatter = office.ctx.ServiceManager.createInstanceWithContext("com.sun.star.util.NumberFormatter", office.ctx)
    formatter.attachNumberFormatsSupplier(doc)
    nd = doc.NullDate
    res = {"file": os.path.basename(path), "nullDate": "%04d-%02d-%02d" % (nd.Year, nd.Month, nd.Day), "sheets": []}
    sheets = doc.Sheets
    for i in range(sheets.Count):
        sh = sheets.getByIndex(i)
        cur = sh.createCursor()
        cur.gotoEndOfUsedArea(False)
        end = cur.getRangeAddress()
        used = end.EndRow + 1
        nrows, ncols = min(used, MAX_ROWS), end.EndColumn + 1
        rows = []
        for r in range(nrows):
            rows.append([read_cell(sh.getCellByPosition(c, r), formats, formatter, iso) for c in range(ncols)])
            while rows[-1] and rows[-1][-1] is None:
                rows[-1].pop()
        rr, cc = sh.getRows(), sh.getColumns()
        res["sheets"].append({
            "name": sh.Name,
            "visible": bool(sh.IsVisible),
            "usedRows": used,
            "hiddenRows": [r + 1 for r in range(nrows) if not rr.getByIndex(r).IsVisible],
            "filteredRows": [r + 1 for r in range(nrows) if rr.getByIndex(r).IsFiltered],
            "hiddenCols": [col_name(c) for c in range(ncols) if not cc.getByIndex(c).IsVisible],
            "rows": rows,
        })
    doc.close(True)
    return res


def dump(res):
    """The oracle as JSON, one row of cells a line."""
    lines = ["{", '"file": %s, "nullDate": %s, "sheets": [' % (json.dumps(res["file"]), json.dumps(res["nullDate"]))]
    for i, s in enumerate(res["sheets"]):
        meta = {k: v for k, v in s.items() if k != "rows"}
        lines.append(" " + json.dumps(meta, ensure_ascii=False)[:-1] + ', "rows": [')
        lines += ["  " + json.dumps(r, ensure_ascii=False) + ("," if k < len(s["rows"]) - 1 else "") for k, r in enumerate(s["rows"])]
        lines.append(" ]}" + ("," if i < len(res["sheets"]) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(args):
    if len(args) < 2 or args[0] not in ("convert", "oracle"):
        sys.exit(__doc__)
    with Office() as office:
        if args[0] == "convert":
            convert(office, args[1], args[2:])
        else:
            for path in args[1:]:
                with open(path + ".oracle.json", "w") as f:
                    f.write(dump(oracle(office, path)))


if __name__ == "__main__":
    main(sys.argv[1:])
