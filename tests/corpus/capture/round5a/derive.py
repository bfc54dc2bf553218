"""Read what a bind-failure text itself says (errno / port / address), as a first guess that
a human then checks record by record (annotations.py overrides it)."""
import re

ERRNO_PATTERNS = [
    ("EADDRINUSE", r"in use|EADDRINUSE|errno[ =]*98\b|Errno 98|eaddrinuse|not free on|bound address is already"),
    ("EACCES", r"[Pp]ermission denied|EACCES|errno[ =]*13\b|Errno 13|eacces|address is protected|sufficient privileges"),
    ("EADDRNOTAVAIL", r"[Cc]annot assign requested address|cannot assign|EADDRNOTAVAIL|errno[ =]*99\b|Errno 99|eaddrnotavail|address not available|address is not available"),
]


def derive(rec):
    t = rec["text"]
    found = [name for name, pat in ERRNO_PATTERNS if re.search(pat, t)]
    errno = rec["errno"] if rec["errno"] in found else (found[0] if len(found) == 1 else ("unknown" if not found else "?" + "/".join(found)))
    port = rec["port"] if re.search(r"(?<!\d)%d(?!\d)" % rec["port"], t) else None
    a = rec["addr"]
    addr = None
    forms = {"0.0.0.0": [r"0\.0\.0\.0"], "::": [r"\[::\]", r":::", r"(?<![:\w])::(?![:\w1])", r"::@", r"0:::", r"\[0::\]"],
             "192.0.2.1": [r"192\.0\.2\.1"], "127.0.0.1": [r"127\.0\.0\.1"], "::1": [r"::1(?!\d)"]}
    kl = t
    order = ([a] if a else []) + [x for x in ("0.0.0.0", "::", "127.0.0.1", "::1", "192.0.2.1") if x != a]
    for cand in order:
        if any(re.search(f, kl) for f in forms.get(cand, [re.escape(cand)])):
            addr = cand
            break
    return errno, port, addr


def key_lines(text, n=3):
    out = [l for l in text.split("\n") if re.search(r"(?i)bind|listen|in use|denied|assign|not available|protected|privileg|eaddr|eacces|could not|can't|cannot|failed|error|fatal", l)]
    return out[:n]
