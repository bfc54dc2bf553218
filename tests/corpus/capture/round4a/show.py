"""Compact review: per record the derived errno/port/address and the key lines (python3 show.py PROG...)."""
import json, sys, re
from derive import derive, key_lines
RAW = "/tmp/round4a/raw"
for prog in sys.argv[1:]:
    for i, l in enumerate(open("%s/%s.jsonl" % (RAW, prog))):
        r = json.loads(l)
        t = r["text"]
        if r["kind"] == "bind":
            e, p, a = derive(r)
            print("%s #%d B rc=%s run=%s n=%d | %s port=%s addr=%s :: %s" % (prog, i, r["rc"], r["still_running"], t.count("\n"), e, p, a, r["staged"][:110]))
            for k in key_lines(t, 3):
                print("      > " + k[:200])
        else:
            ls = [x for x in t.strip().split("\n") if x.strip()]
            print("%s #%d N rc=%s n=%d :: %s" % (prog, i, r["rc"], len(ls), r["staged"][:110]))
            for k in (ls[-2:] if ls else ["<EMPTY>"]):
                print("      . " + k[:200])
