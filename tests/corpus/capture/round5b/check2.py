"""Check each generated bind case: the errno words the final (cut) text holds agree with its errno."""
import glob, re, tomllib
from derive import ERRNO_PATTERNS
for f in sorted(glob.glob("/tmp/round5b/bind/*.toml")):
    d = tomllib.load(open(f, "rb"))
    for i, c in enumerate(d["case"]):
        found = [n for n, p in ERRNO_PATTERNS if re.search(p, c["text"])]
        e = c["errno"]
        ok = (e in found) if e not in ("unknown", "EAFNOSUPPORT") else not found
        if not ok or len(found) > 1:
            print("%s #%d errno=%s found=%s lines=%d :: %s" % (d["program"], i, e, found, c["text"].count("\n") + 1, c["staged"][:90]))
