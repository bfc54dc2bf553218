# bare socket.bind TCP; prints only str(exception) like many small tools do
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
try:
    s.bind((host, port))
    s.listen()
except OSError as e:
    print(e, file=sys.stderr)
    sys.exit(1)
print("listening", flush=True)
s.accept()
