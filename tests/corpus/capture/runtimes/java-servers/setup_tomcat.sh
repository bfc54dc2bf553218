#!/bin/sh
# Make a throwaway CATALINA_BASE for Debian's tomcat10 with the HTTP connector on $1 (address $2).
set -e
BASE=/tmp/corpus-tomcat-$1
rm -rf "$BASE"; mkdir -p "$BASE/logs" "$BASE/temp" "$BASE/work" "$BASE/webapps"
cp -r /etc/tomcat10 "$BASE/conf"
cp -r /var/lib/tomcat10/webapps/ROOT "$BASE/webapps/"
sed -i "s/port=\"8080\" protocol=\"HTTP\/1.1\"/port=\"$1\" address=\"$2\" protocol=\"HTTP\/1.1\"/" "$BASE/conf/server.xml"
chmod -R a+rwX "$BASE"
echo "$BASE"
