"""Print raw records of /tmp/round5b/raw/<program>.jsonl for review: index, kind, staging, text (first/last lines)."""
import json, sys
from derive import derive
n = int(sys.argv[2]) if len(sys.argv) > 2 else 14
for i, l in enumerate(open("/tmp/round5b/raw/%s.jsonl" % sys.argv[1])):
    r = json.loads(l)
    d = derive(r) if r["kind"] == "bind" else ""
    print("---- #%d [%s] rc=%s %s :: %s  derive=%s" % (i, r["kind"], r["rc"], "RUN" if r["still_running"] else "", r["staged"][:150], d))
    lines = r["text"].rstrip().split("\n")
    if len(lines) > n:
        lines = lines[:3] + ["   [... %d lines ...]" % (len(lines) - n)] + lines[-(n - 3):]
    print("\n".join("  | " + x[:220] for x in lines))
