# plain TCPServer.new (no rescue)
require "socket"
server = TCPServer.new(ARGV[0], Integer(ARGV[1]))
puts "listening on #{server.addr.inspect}"
loop { server.accept.close }
