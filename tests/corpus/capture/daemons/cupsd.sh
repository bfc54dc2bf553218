#!/bin/bash
# cupsd (debian: cups-daemon). Foreground (-f), its own cupsd.conf/cups-files.conf, ErrorLog stderr;
# private network namespace with only lo (no Browsing).
. "$(dirname "$0")/lib.sh"; lo_only
PROG=cupsd
D=$RUN/cups; mkdir -p $D/spool $D/cache $D/state $D/log
files() {
  printf 'ServerRoot %s\nRequestRoot %s/spool\nCacheDir %s/cache\nStateDir %s/state\nErrorLog stderr\nAccessLog stderr\nPageLog stderr\nUser %s\nGroup %s\n%s\n' \
    $D $D $D $D "${U:-lp}" "${G:-lp}" "${1:-}" >$D/cups-files.conf
}
conf() { printf 'LogLevel info\nBrowsing No\n%s\nWebInterface No\n<Location />\n  Order allow,deny\n  Allow localhost\n</Location>\n%s\n' "$1" "${2:-}" >$D/cupsd.conf; }
C=(cupsd -f -c $D/cupsd.conf -s $D/cups-files.conf)
P=20320
files
conf "Listen 127.0.0.1:$P";    hold tcp 127.0.0.1 $P; cap inuse_lo 4 "${C[@]}"; release
conf "Port $P";                hold tcp :: $P;        cap inuse_any 4 "${C[@]}"; release
conf "Listen [::1]:$P";        hold tcp :: $P;        cap inuse_v6 4 "${C[@]}"; release
conf "Listen 10.255.255.1:$P"; cap notavail 4 "${C[@]}"
conf "Listen 127.0.0.1:631";   chown -R nobody $D; U=nobody G=nogroup files; cap eacces 4 $NOBODY "${C[@]}"; chown -R root $D; files
conf "Listen 127.0.0.1:$P" "BogusDirective yes"; cap syntax 4 "${C[@]}"
conf "Listen 127.0.0.1:$P"
cap_bg normal "${C[@]}"; sleep 1
curl -s -o /dev/null http://127.0.0.1:$P/printers/nosuch; sleep 0.5; stop_bg
