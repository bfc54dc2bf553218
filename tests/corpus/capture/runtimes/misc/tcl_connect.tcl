# negative: connect to a closed loopback port
set s [socket 127.0.0.1 [lindex $argv 0]]
