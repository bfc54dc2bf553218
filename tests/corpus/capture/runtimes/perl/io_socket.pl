#!/usr/bin/perl
# IO::Socket::INET listener, die with $@ (the module's own message)
use strict; use warnings;
use IO::Socket::INET;
my ($addr, $port, $proto) = @ARGV;
$proto ||= 'tcp';
my $s = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => $port, Proto => $proto,
                              ($proto eq 'tcp' ? (Listen => 5) : ()))
    or die "Could not create socket: $@\n";
$| = 1;
print "listening on ", $s->sockhost, ":", $s->sockport, "\n";
sleep 600;
