"""What the Python writers of the fidelity fixtures share: the matrix
(cases.json, made by cases.py) and the reading of its cells."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "../../.."))
FIDELITY = os.path.join(ROOT, "testdata", "fidelity")


def cases():
    with open(os.path.join(FIDELITY, "cases.json")) as f:
        return json.load(f)["cases"]


def out_dir(writer):
    d = os.path.join(FIDELITY, writer)
    os.makedirs(d, exist_ok=True)
    return d


def cell(c):
    """(value, format, formula) of a cell of cases.json; format and
    formula are None when the cell has none."""
    if isinstance(c, dict):
        return c.get("v"), c.get("fmt"), c.get("f")
    return c, None, None


def col_index(letters):
    """0-based index of a column named by letters (A is 0)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1
