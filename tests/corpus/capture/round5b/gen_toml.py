"""Turn /tmp/round5b/raw/<program>.jsonl + annotations.py into /tmp/round5b/bind and /tmp/round5b/negative TOML.

Defaults for a bind case come from the staging (errno/address/port); every case was read
by hand and annotations.py overrides what the TEXT actually says (a text naming no port
gets port=None, one giving no cause gets errno="unknown", ...).
"""
import json
import os
import re
import sys

from annotations import ANN
from derive import derive

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = "/tmp/round5b"
RAW = os.environ.get("ROUND3_RAW", "/tmp/round5b/raw")


def tstr(s):
    bad = any((ord(c) < 32 and c not in "\t\n") or ord(c) == 127 for c in s)
    if "'''" not in s and not bad and "\r" not in s:
        return "'''\n" + s + "\n'''"
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\n")
        elif c == "\t":
            out.append("\t")
        elif ord(c) < 32 or ord(c) == 127:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"""\n' + "".join(out) + '\n"""'


def q(s):
    return json.dumps(s, ensure_ascii=False)


FAIL = re.compile(r"(?i)in use|permission denied|cannot assign|not available|protected|bind|listen|taken|unable to|could not|can't|failed")


def clean(text, a, kind="bind"):
    lines = text.split("\n")
    if "lines" in a:
        lo, hi = a["lines"]
        lines = lines[lo:hi]
    elif len(lines) > 62:
        # cut a long text to 60 lines: for a failure, from 15 lines before the first line that
        # speaks of the failure; for a negative, its first 60 lines
        start = 0
        if kind == "bind":
            hits = [i for i, l in enumerate(lines) if FAIL.search(l)]
            if hits:
                start = max(0, hits[0] - 15)
        lines = lines[start:start + 60]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def gen(program):
    ann = ANN[program]
    recs = [json.loads(l) for l in open(os.path.join(RAW, ann.get("raw", program) + ".jsonl"))]
    head = 'program = %s\nversion = %s\npackage = %s\n' % (q(ann.get("name", program)), q(ann["version"]), q(ann["package"]))
    bind, neg = [head], [head]
    for i, r in enumerate(recs):
        a = dict(ann.get("cases", {}).get(i, {}))
        if a.get("drop"):
            continue
        kind = a.get("kind", r["kind"])
        text = clean(r["text"], a, kind)
        if not text.strip():
            print("empty text: %s #%d" % (program, i), file=sys.stderr)
            continue
        nl = text.count("\n") + 1
        if nl > 62:
            print("long text (%d lines): %s #%d" % (nl, program, i), file=sys.stderr)
        staged = a.get("staged", r["staged"]) + ((" " + a["note"]) if a.get("note") else "")
        if kind == "bind":
            d_errno, d_port, d_addr = derive(dict(r, text=text))   # what the final (cut) text names
            errno = a.get("errno", d_errno)
            port = a.get("port", d_port)
            addr = a.get("address", d_addr)
            if errno not in ("EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "EAFNOSUPPORT", "unknown"):
                print("UNRESOLVED errno %r: %s #%d" % (errno, program, i), file=sys.stderr)
            lines = ["", "[[case]]", "staged = %s" % q(staged), "errno = %s" % q(errno)]
            if port is not None:
                lines.append("port = %d" % port)
            if addr is not None:
                lines.append("address = %s" % q(addr))
            lines.append("protocol = %s" % q(a.get("protocol", r["proto"])))
            lines.append("text = " + tstr(text))
            bind.append("\n".join(lines) + "\n")
        else:
            lines = ["", "[[case]]", "staged = %s" % q(staged), "text = " + tstr(text)]
            neg.append("\n".join(lines) + "\n")
    name = ann.get("file", program)
    for kind, parts in (("bind", bind), ("negative", neg)):
        path = os.path.join(OUT, kind, name + ".toml")
        if len(parts) > 1:
            with open(path, "w") as f:
                f.write("".join(parts))
        elif os.path.exists(path):
            os.remove(path)
    print("%s: %d bind, %d negative" % (program, len(bind) - 1, len(neg) - 1))


if __name__ == "__main__":
    for p in (sys.argv[1:] or sorted(ANN)):
        gen(p)
