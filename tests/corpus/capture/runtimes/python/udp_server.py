# plain socket.bind UDP server; with --catch it prints only str(exception)
import socket, sys

host, port = sys.argv[1], int(sys.argv[2])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
if "--catch" in sys.argv:
    try:
        s.bind((host, port))
    except OSError as e:
        print(e, file=sys.stderr)
        sys.exit(1)
else:
    s.bind((host, port))
print("udp listening on %s:%d" % s.getsockname()[:2], flush=True)
while True:
    data, addr = s.recvfrom(2048)
    print("got %d bytes from %s" % (len(data), addr), flush=True)
    s.sendto(data, addr)
