"""Flag generated bind cases whose port/address is not on a line that speaks of the failure."""
import re, sys, glob, tomllib
FAILW = re.compile(r"(?i)in use|denied|assign|not available|protected|bind|listen|taken|unable|could not|can't|cannot|failed|error|serve on|socket|port")
for f in sorted(glob.glob("/tmp/round5b/bind/*.toml")):
    d = tomllib.load(open(f, "rb"))
    for i, c in enumerate(d["case"]):
        t = c["text"]
        lines = t.split("\n")
        flags = []
        p = c.get("port")
        a = c.get("address")
        if p is not None:
            pl = [l for l in lines if re.search(r"(?<!\d)%d(?!\d)" % p, l)]
            if not any(FAILW.search(l) for l in pl):
                flags.append("PORT-not-on-fail-line")
            if p < 1024:
                flags.append("LOWPORT: " + " || ".join(x.strip()[:120] for x in pl[:2]))
        if a:
            pat = {"::": r"\[::\]|:::|(?<![:\w])::(?![:\w1])|0:0:0:0:0:0:0:0"}.get(a, re.escape(a))
            al = [l for l in lines if re.search(pat, l)]
            if not any(FAILW.search(l) for l in al):
                flags.append("ADDR-not-on-fail-line: " + " || ".join(x.strip()[:100] for x in al[:2]))
        if flags or "-v" in sys.argv:
            print("%s #%d %s port=%s addr=%s :: %s" % (d["program"], i, c["errno"], p, a, " ; ".join(flags)))
