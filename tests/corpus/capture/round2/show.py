"""Print the raw records of a program with their index, for hand annotation."""
import json, sys
RAW = "/tmp/round2-raw"
for prog in sys.argv[1:]:
    for i, l in enumerate(open("%s/%s.jsonl" % (RAW, prog))):
        r = json.loads(l)
        print("#%d %s rc=%s running=%s errno=%s addr=%s port=%s proto=%s\n   %s" % (i, r["kind"], r["rc"], r["still_running"], r["errno"], r["addr"], r["port"], r["proto"], r["staged"]))
        t = r["text"].rstrip("\n").split("\n")
        print("   (%d lines)" % len(t))
        for x in (t if len(t) <= 40 else t[:15] + ["   ....."] + t[-20:]):
            print("   | " + x[:400])
