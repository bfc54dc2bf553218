"""Second pass: cases that needed the mode-000 file restored (an earlier `chmod -R a+rX` had
made it readable again) and php-fpm's EACCES case with a file error_log (as nobody php-fpm
cannot reopen /proc/self/fd/2, which became a negative case)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

os.chmod("/tmp/corpus-run/locked/app.conf", 0)
B = "/tmp/corpus-rust/target/release/"
run_case("rust-std", "negative", "run as nobody; read_to_string of a mode-000 file, expect()",
         [B + "read_config", "/tmp/corpus-run/locked/app.conf"], user="nobody", env={"RUST_BACKTRACE": "0"})
run_case("perl-io-socket", "negative", "open() of a mode-000 file as nobody, die $!",
         ["perl", "-e", "open(my $f, '<', '/tmp/corpus-run/locked/app.conf') or die \"Cannot open config: $!\""], user="nobody")
run_case("elixir", "negative", "elixir File.read! of a mode-000 file as nobody",
         ["elixir", "-e", "File.read!(\"/tmp/corpus-run/locked/app.conf\")"], user="nobody")
run_case("php-fpm", "bind", "run as nobody; php-fpm8.2 -F -O with `listen = 0.0.0.0:80` and a file error_log",
         "sed -e 's/LISTEN_ADDR/0.0.0.0:80/' -e 's#/proc/self/fd/2#/tmp/nobody-home/php-fpm.log#' /tmp/corpus-run/php/fpm.conf > /tmp/nobody-home/fpm80b.conf; exec php-fpm8.2 -F -O -y /tmp/nobody-home/fpm80b.conf",
         shell=True, port=80, user="nobody", errno="EACCES", addr="0.0.0.0")
