#!/usr/bin/env python3
"""Builds a loaded host on loopback for the benchmark, and tears it down on SIGTERM/SIGINT.

- LISTENERS listening TCP sockets on 127.0.1.x, spread over worker processes (at most
  PER_PROCESS descriptors each: one process is limited to ~20k descriptors here);
- IDLE idle processes (`sleep`), so that the /proc scan has processes to walk;
- a target listener on 127.0.0.1:TARGET shared by SHARERS processes (a parent and forked
  children, like nginx's master and workers), with TIME_WAIT server-side sockets on it.

Prints "ready <pids>" on stdout once everything is up, then waits. Every process it starts is
in its own process group, which the harness kills.
"""

import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import time

PER_PROCESS = 15000
BASE_PORT = 10000
PORTS_PER_ADDRESS = 20000


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def listener_worker(first, count, ready_write):
    """Child: open `count` listeners starting at index `first`, report, then sleep."""
    raise_fd_limit()
    sockets = []
    for index in range(first, first + count):
        address = "127.0.1.%d" % (1 + index // PORTS_PER_ADDRESS)
        port = BASE_PORT + index % PORTS_PER_ADDRESS
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(1)
        sockets.append(listener)
    os.write(ready_write, b"x")
    while True:
        signal.pause()


def target(port, sharers, time_wait, ready_write):
    """Child: the target listener, shared with forked children, with TIME_WAIT on its port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    for _ in range(time_wait):
        client = socket.create_connection(("127.0.0.1", port))
        server_side, _ = listener.accept()
        server_side.close()
        client.recv(1)
        client.close()
    for _ in range(sharers - 1):
        if os.fork() == 0:
            while True:
                signal.pause()
    os.write(ready_write, b"x")
    while True:
        signal.pause()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", type=int, required=True)
    parser.add_argument("--idle", type=int, default=380)
    parser.add_argument("--target-port", type=int, default=9010)
    parser.add_argument("--sharers", type=int, default=4)
    parser.add_argument("--time-wait", type=int, default=5)
    args = parser.parse_args()

    children = []
    ready_read, ready_write = os.pipe()
    expected = 0

    def spawn(function, *function_args):
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            try:
                function(*function_args, ready_write)
            finally:
                os._exit(1)
        children.append(pid)

    spawn(target, args.target_port, args.sharers, args.time_wait)
    expected += 1
    for first in range(0, args.listeners, PER_PROCESS):
        spawn(listener_worker, first, min(PER_PROCESS, args.listeners - first))
        expected += 1
    idle = [subprocess.Popen(["sleep", "infinity"]) for _ in range(args.idle)]
    children.extend(process.pid for process in idle)

    os.close(ready_write)
    received = 0
    deadline = time.time() + 300
    while received < expected and time.time() < deadline:
        chunk = os.read(ready_read, 64)
        if not chunk:
            break
        received += len(chunk)
    if received < expected:
        print("loadgen: only %d of %d workers came up" % (received, expected), file=sys.stderr)
        sys.exit(1)
    print("ready " + " ".join(str(pid) for pid in children), flush=True)

    def stop(*_):
        os.killpg(0, signal.SIGKILL)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
