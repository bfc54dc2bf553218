"""Turn raw daemon captures into tests/corpus/{bind,negative}/<program>.toml.

Documentation only (never run by CI).  The raw text in /tmp/daemon-raw/<prog>/<case>.txt is
what the program wrote on one pipe (or the log file / syslog lines it wrote), recorded by the
*.sh scripts beside this file.  It is copied verbatim: only leading/trailing blank lines are
stripped, and `lines=(a, b)` in a spec keeps lines a..b-1 of a long output (to stay within
~60 lines around the failure).  Annotations (errno, port, address) are what the text says;
protocol is what the staging really bound.

    python3 gen_toml.py [program ...]
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from specs import SPECS  # noqa: E402

RAW = "/tmp/daemon-raw"
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def raw_text(prog, case):
    path = os.path.join(RAW, case.get("dir", prog), case["raw"] + ".txt")
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    lines = text.split("\n")
    if "lines" in case:
        a, b = case["lines"]
        lines = lines[a:b]
    if "grep" in case:  # keep only the lines of a shared log (syslog) that this program wrote
        lines = [l for l in lines if re.search(case["grep"], l)]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise SystemExit("empty text: %s %s" % (prog, case["raw"]))
    return "\n".join(lines) + "\n"


def toml_str(s):
    if "'''" not in s and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", s):
        return "'''\n" + s + "'''"
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\n")
        elif ch == "\t":
            out.append("\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    return '"""\n' + "".join(out) + '"""'


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(prog, spec, kind):
    cases = spec.get(kind, [])
    if not cases:
        return
    out = ["program = %s" % q(spec.get("program", prog)),
           "version = %s" % q(spec["version"]),
           "package = %s" % q(spec["package"])]
    for c in cases:
        out.append("")
        out.append("[[case]]")
        out.append("staged = %s" % q(c["staged"]))
        if kind == "bind":
            out.append("errno = %s" % q(c["errno"]))
            if c.get("port") is not None:
                out.append("port = %d" % c["port"])
            if c.get("address") is not None:
                out.append("address = %s" % q(c["address"]))
            out.append("protocol = %s" % q(c["protocol"]))
        out.append("text = " + toml_str(raw_text(prog, c)))
    path = os.path.join(OUT, kind, spec.get("program", prog) + ".toml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", path, len(cases))


def main():
    names = sys.argv[1:] or list(SPECS)
    for n in names:
        write(n, SPECS[n], "bind")
        write(n, SPECS[n], "negative")


if __name__ == "__main__":
    main()
