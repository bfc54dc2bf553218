# negative: connect() to a closed loopback port
import urllib.request, sys
urllib.request.urlopen("http://127.0.0.1:%s/" % sys.argv[1], timeout=5)
