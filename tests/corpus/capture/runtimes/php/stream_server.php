<?php
// stream_socket_server() with the usual `or die` handling
$addr = $argv[1];
$server = stream_socket_server($addr, $errno, $errstr) or die("$errstr ($errno)\n");
echo "listening on " . stream_socket_get_name($server, false) . "\n";
while ($c = stream_socket_accept($server, -1)) { fclose($c); }
