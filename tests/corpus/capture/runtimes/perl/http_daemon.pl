#!/usr/bin/perl
# HTTP::Daemon with the synopsis-style `|| die`
use strict; use warnings;
use HTTP::Daemon;
my $d = HTTP::Daemon->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], ReuseAddr => 0)
    || die "Cannot start HTTP::Daemon: $!";
print "Please contact me at: <URL:", $d->url, ">\n";
$| = 1;
while (my $c = $d->accept) {
    while (my $r = $c->get_request) { print $r->method, " ", $r->uri->path, "\n"; $c->send_error(404); }
    $c->close;
}
