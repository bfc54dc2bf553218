"""Print raw records compactly for hand-checking: python3 review.py PROGRAM [N lines]."""
import json, sys
RAW = "/tmp/round4a/raw"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 6
for i, l in enumerate(open("%s/%s.jsonl" % (RAW, sys.argv[1]))):
    r = json.loads(l)
    lines = [x for x in r["text"].rstrip().split("\n")]
    print("#%d [%s] rc=%s run=%s :: %s" % (i, r["kind"], r["rc"], r["still_running"], r["staged"][:150]))
    for x in lines[-n:]:
        print("    | " + x[:220])
