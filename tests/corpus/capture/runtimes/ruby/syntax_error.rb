require "socket"
server = TCPServer.new("127.0.0.1", 3000
loop { server.accept.close }
