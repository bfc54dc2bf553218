# socketserver.TCPServer without SO_REUSEADDR (allow_reuse_address stays False)
import socketserver, sys

class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline())

host, port = sys.argv[1], int(sys.argv[2])
if ":" in host:
    class Server(socketserver.TCPServer):
        address_family = __import__("socket").AF_INET6
else:
    Server = socketserver.TCPServer
with Server((host, port), Echo) as srv:
    print("serving on", srv.server_address, flush=True)
    srv.serve_forever()
