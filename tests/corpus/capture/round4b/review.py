"""Print each generated bind case: errno/port/address and the lines that speak of the failure, for checking by eye."""
import glob, re, sys, tomllib
from derive import key_lines
for f in sorted(glob.glob("/tmp/round4b/bind/*.toml")):
    if len(sys.argv) > 1 and not any(a in f for a in sys.argv[1:]):
        continue
    d = tomllib.load(open(f, "rb"))
    for i, c in enumerate(d["case"]):
        print("%s #%d %s port=%s addr=%s proto=%s" % (d["program"], i, c["errno"], c.get("port"), c.get("address"), c["protocol"]))
        for l in key_lines(c["text"], 2):
            print("     | " + l.strip()[:170])
