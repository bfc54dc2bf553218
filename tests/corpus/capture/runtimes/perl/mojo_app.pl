#!/usr/bin/perl
use Mojolicious::Lite -signatures;
get '/' => sub ($c) { $c->render(text => "hello\n") };
app->start;
