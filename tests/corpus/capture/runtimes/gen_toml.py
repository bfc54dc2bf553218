"""Turn /tmp/corpus-raw/*.jsonl into tests/corpus/{bind,negative}/<program>.toml.

errno/port/address are first read off the text by the rules below and then
checked by hand against every text; FIX holds the hand corrections, META the
versions.  Nothing in `text` is edited except trimming blank edge lines and
(where noted in `staged`) cutting long output to the lines around the failure.
"""
import json, os, re, sys, tomllib

RAW = "/tmp/corpus-raw"
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from meta import META, FIX  # noqa: E402

def detect_errno(t):
    tl = t.lower()
    if re.search(r"eaddrinuse|address already in use|address in use|port .{0,40}in use|already in use|errno 98|os error 98", tl):
        return "EADDRINUSE"
    if re.search(r"eaddrnotavail|cannot assign requested address|can't assign requested address|errno 99|os error 99", tl):
        return "EADDRNOTAVAIL"
    if re.search(r"eacces|permission denied|errno 13|os error 13|access denied|not permitted", tl):
        return "EACCES"
    return "unknown"

V6ANY = [r"\[::\]", r"'::'", r'"::"', r":::\d", r"\(::,", r"(?<![:\w])::\s", r"=::(?![:\w])", r"address: ::(?![:\w])"]
CANDIDATES = ["0.0.0.0", "127.0.0.1", "192.0.2.1", "10.255.255.1", "2001:db8::1", "::1", "::"]

def addr_in(t, a):
    if a == "::":
        return any(re.search(p, t) for p in V6ANY)
    if a == "::1":
        return re.search(r"(?<![:\w])::1(?![\d:])", t) is not None
    return re.search(r"(?<![\d.])%s(?![\d.])" % re.escape(a), t) is not None

def detect_addr(t, a):
    """The address the text names: the staged one if present, else the only candidate present."""
    if a and addr_in(t, a):
        return a
    found = [c for c in CANDIDATES if addr_in(t, c)]
    if len(found) > 1:
        print("  MULTI-ADDR", found, file=sys.stderr)
    return found[0] if found else None

def clean(t):
    lines = t.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)

def tstr(s):
    if "'''" not in s and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", s):
        return "'''\n" + s + "\n'''"
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\": out.append("\\\\")
        elif ch == '"': out.append('\\"')
        elif ch in "\n\t": out.append(ch)
        elif o < 0x20 or o == 0x7f: out.append("\\u%04x" % o)
        else: out.append(ch)
    return '"""\n' + "".join(out) + '\n"""'

def bstr(s):
    return json.dumps(s, ensure_ascii=False)

def main():
    for fn in sorted(os.listdir(RAW)):
        prog = fn[:-6]
        recs = [json.loads(l) for l in open(os.path.join(RAW, fn))]
        meta = META.get(prog)
        if not meta:
            print("NO META", prog); continue
        for kind in ("bind", "negative"):
            cases = []
            for i, r in enumerate(recs):
                fix = {}
                for key, f in FIX.items():
                    if key[0] == prog and key[1] in r["staged"]:
                        fix.update(f)
                if fix.get("kind", r["kind"]) != kind:
                    continue
                if fix.get("skip"):
                    continue
                text = clean(r["text"])
                if "cut" in fix:
                    text = fix["cut"](text)
                if not text.strip():
                    print("EMPTY", prog, r["staged"]); continue
                staged = r["staged"].replace("bound :::", "bound [::]:") + fix.get("staged_suffix", "")
                c = {"staged": staged}
                if kind == "bind":
                    c["errno"] = fix.get("errno", detect_errno(text))
                    port = fix.get("port", r["port"] if re.search(r"(?<!\d)%d(?!\d)" % r["port"], text) else None)
                    if port is not None: c["port"] = port
                    addr = fix.get("address", detect_addr(text, r["addr"]))
                    if addr is not None: c["address"] = addr
                    c["protocol"] = r["proto"]
                    if r["errno"] and c["errno"] != r["errno"] and "errno" not in fix:
                        print("ERRNO-MISMATCH", prog, r["staged"], c["errno"], "expected", r["errno"])
                c["text"] = text
                if text.count("\n") >= 62:
                    print("LONG", prog, text.count("\n") + 1, r["staged"])
                cases.append(c)
            if not cases:
                continue
            lines = ["program = %s" % bstr(prog), "version = %s" % bstr(meta[0]), "package = %s" % bstr(meta[1]), ""]
            for c in cases:
                lines.append("[[case]]")
                for k in ("staged", "errno", "port", "address", "protocol"):
                    if k in c:
                        lines.append("%s = %s" % (k, c[k] if k == "port" else bstr(c[k])))
                lines.append("text = " + tstr(c["text"]))
                lines.append("")
            path = os.path.join(OUT, kind, prog + ".toml")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("\n".join(lines))
            with open(path, "rb") as f:
                data = tomllib.load(f)
            for c, d in zip(cases, data["case"]):
                assert c["text"] + "\n" == d["text"], (path, c["staged"])
            print("%-9s %-22s %d" % (kind, prog, len(cases)))

if __name__ == "__main__":
    main()
