import json, sys
from derive import derive, key_lines
for prog in sys.argv[1:]:
    for i, l in enumerate(open("/tmp/round2-raw/%s.jsonl" % prog)):
        r = json.loads(l)
        if r["kind"] != "bind":
            kl = key_lines(r["text"], 2)
            print("%s#%d NEG rc=%s | %s" % (prog, i, r["rc"], r["staged"][:90]))
            for k in kl:
                print("      ~ " + k[:230])
            continue
        e, p, a = derive(r)
        flag = "" if (e, p, a) == (r["errno"], r["port"], r["addr"]) else "  <<< DIFF staged=%s/%s/%s" % (r["errno"], r["port"], r["addr"])
        print("%s#%d BIND %s port=%s addr=%s proto=%s rc=%s%s | %s" % (prog, i, e, p, a, r["proto"], r["rc"], flag, r["staged"][:80]))
        for k in key_lines(r["text"]):
            print("      > " + k[:230])
