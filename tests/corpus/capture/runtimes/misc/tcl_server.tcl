# Tcl socket -server with no catch
proc accept {chan addr port} { puts "connection from $addr:$port"; close $chan }
lassign $argv host port
set s [socket -server accept -myaddr $host $port]
puts "listening on [fconfigure $s -sockname]"
vwait forever
