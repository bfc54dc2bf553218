# UDPSocket#bind, rescue and print the message like many scripts do
require "socket"
s = UDPSocket.new(ARGV[0].include?(":") ? Socket::AF_INET6 : Socket::AF_INET)
begin
  s.bind(ARGV[0], Integer(ARGV[1]))
rescue SystemCallError => e
  warn "bind failed: #{e.message}"
  exit 1
end
puts "udp listening on #{s.addr.inspect}"
loop { p s.recvfrom(2048) }
