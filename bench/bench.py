#!/usr/bin/env python3
"""Times portdoc against ss, lsof and fuser on a loaded loopback host, at several sizes.

For each size it starts bench/loadgen.py, runs every command with hyperfine (warm-up, then
repeated runs), measures each command's peak RSS, measures what a long-running `portdoc
watch` costs (CPU share and resident memory over a fixed wall time), stops the load, and
finally prints Markdown tables: median wall time, peak RSS, and portdoc's time as a ratio of
each peer's, all measured in the same run. Every process it starts is killed on exit,
Ctrl-C included.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def peak_rss_kib(command, repeat=3):
    """The largest maximum resident set size of `command` over a few runs, in KiB, as GNU
    time reports it. (A child forked from this Python process would report Python's own
    RSS: the high-water mark survives fork and exec.)"""
    peak = 0
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(repeat):
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            report.seek(0)
            peak = max(peak, int(report.read().strip().splitlines()[-1]))
    return peak


def hyperfine(commands, runs, warmup, export):
    """Runs hyperfine on shell-free commands; returns {command: median seconds}."""
    arguments = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
                 "--export-json", export, "--ignore-failure"]
    subprocess.run(arguments + [" ".join(command) for command in commands], check=True,
                   stdout=subprocess.DEVNULL)
    with open(export) as handle:
        results = json.load(handle)["results"]
    return {result["command"]: result["median"] for result in results}


def cpu_ticks(pid):
    """utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def watch_cost(binary, port, seconds):
    """What `portdoc watch PORT` (default 200ms interval) costs once it runs: the CPU time the
    kernel charged it (utime + stime from /proc/PID/stat) over `seconds` of wall time, as a
    share of one core, and its RSS sampled every second (first, last, largest, in KiB). The
    first 2 s are left out: the first poll looks up every owner once."""
    process = subprocess.Popen([binary, "watch", str(port), "--json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)
        if process.poll() is not None:
            raise SystemExit("bench: portdoc watch %d exited early" % port)
        ticks, start = cpu_ticks(process.pid), time.monotonic()
        samples = [rss_kib(process.pid)]
        while time.monotonic() - start < seconds:
            time.sleep(1)
            samples.append(rss_kib(process.pid))
        ticks, wall = cpu_ticks(process.pid) - ticks, time.monotonic() - start
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return ticks / os.sysconf("SC_CLK_TCK") / wall, wall, samples[0], samples[-1], max(samples)


def port_is_free(port):
    probe = socket.socket()
    try:
        probe.bind(("0.0.0.0", port))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def start_load(size, args):
    idle = max(0, args.processes - (size + 14999) // 15000 - args.sharers)
    command = [sys.executable, os.path.join(HERE, "loadgen.py"), "--listeners", str(size),
               "--idle", str(idle), "--target-port", str(args.busy_port),
               "--sharers", str(args.sharers), "--time-wait", "5"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, start_new_session=True, text=True)
    line = process.stdout.readline()
    if not line.startswith("ready"):
        stop_load(process)
        raise SystemExit("bench: the load generator did not come up")
    return process


def stop_load(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def wait_until_gone(binary, port):
    """Waits until the previous load's listeners are gone (TIME_WAIT may stay)."""
    for _ in range(100):
        output = subprocess.run([binary, "who", "--tcp", "--json"], capture_output=True, text=True)
        sockets = json.loads(output.stdout or '{"sockets": []}')["sockets"]
        if not any(socket_record["local_address"].startswith("127.0.1.") for socket_record in sockets):
            return
        time.sleep(0.1)


def pairs(binary, busy, free):
    """(label, portdoc command, [peer commands]) to measure in the same run."""
    return [
        ("who P (busy, every owner)", [binary, "who", str(busy)],
         [["ss", "-tanp", "sport = :%d" % busy], ["lsof", "-nP", "-iTCP:%d" % busy], ["fuser", "-n", "tcp", str(busy)]]),
        ("who (all listeners)", [binary, "who"], [["ss", "-tulpn"]]),
        ("check P (free port)", [binary, "check", str(free)], [["ss", "-tan", "sport = :%d" % free]]),
        ("check P (busy port)", [binary, "check", str(busy)],
         [["ss", "-tan", "sport = :%d" % busy], ["ss", "-tanp", "sport = :%d" % busy]]),
        ("check 1-65535 --quiet", [binary, "check", "1-65535", "--quiet"], []),
    ]


def write_log(path, lines, seed=1):
    """A service log of `lines` lines: access-log noise, file permission errors (not bind
    failures), and nginx bind failures on about 3% of the lines, on many ports."""
    import random
    generator = random.Random(seed)
    with open(path, "w") as log:
        for index in range(lines):
            roll = generator.random()
            if roll < 0.03:
                port = generator.randint(20000, 40000)
                log.write("2026-11-23T10:%02d:%02d web01 nginx[812]: nginx: [emerg] bind() to 0.0.0.0:%d failed "
                          "(98: Address already in use)\n" % (index % 60, index % 60, port))
            elif roll < 0.05:
                log.write("Nov 23 10:00:%02d web01 app[%d]: OSError: [Errno 13] Permission denied: "
                          "'/var/lib/app/%d.db'\n" % (index % 60, index, index))
            else:
                log.write("2026-11-23T10:00:%02d.%06dZ web01 app[4242]: 127.0.0.1 - - GET /api/items/%d HTTP/1.1 "
                          "200 %d %dms\n" % (index % 60, index, index, index % 5000, index % 97))


def log_rows(binary, runs, scratch):
    """`explain -` over logs of growing size: (lines, median seconds, peak RSS KiB)."""
    rows = []
    for lines in (25000, 100000):
        path = os.path.join(scratch, "service-%d.log" % lines)
        write_log(path, lines)
        command = "%s explain - < %s" % (binary, path)
        export = os.path.join(scratch, "log.json")
        subprocess.run(["hyperfine", "--style", "none", "--warmup", "1", "--runs", str(runs), "--export-json", export,
                        "--ignore-failure", command], check=True, stdout=subprocess.DEVNULL)
        with open(export) as handle:
            median = json.load(handle)["results"][0]["median"]
        with open(path) as log, tempfile.NamedTemporaryFile("r") as report:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, binary, "explain", "-"], stdin=log,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            rss = int(report.read().strip().splitlines()[-1])
        rows.append((lines, median, rss))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sizes", default="2000,20000,60000")
    parser.add_argument("--processes", type=int, default=400)
    parser.add_argument("--sharers", type=int, default=4)
    parser.add_argument("--busy-port", type=int, default=9010)
    parser.add_argument("--free-port", type=int, default=9999)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--lsof-runs", type=int, default=5)
    parser.add_argument("--watch-seconds", type=int, default=60,
                        help="wall time over which each `portdoc watch` is measured")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    for port in (args.busy_port, args.free_port):
        if not port_is_free(port):
            raise SystemExit("bench: port %d is in use on this host; pick another with --busy-port/--free-port" % port)
    for tool in ("hyperfine", "ss", "lsof", "fuser", "/usr/bin/time"):
        if not shutil.which(tool):
            raise SystemExit("bench: %s is missing (bench/run installs it)" % tool)

    rows = []
    watch_rows = []
    load = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        for size in [int(size) for size in args.sizes.split(",")]:
            print("bench: %d listening sockets, %d processes..." % (size, args.processes), file=sys.stderr)
            load = start_load(size, args)
            with tempfile.TemporaryDirectory() as scratch:
                for label, ours, peers in pairs(binary, args.busy_port, args.free_port):
                    lsof_peers = [peer for peer in peers if peer[0] == "lsof"]
                    other_peers = [peer for peer in peers if peer[0] != "lsof"]
                    medians = hyperfine([ours] + other_peers, args.runs, args.warmup, os.path.join(scratch, "a.json"))
                    if lsof_peers:
                        medians.update(hyperfine(lsof_peers, args.lsof_runs, 1, os.path.join(scratch, "b.json")))
                    ours_text = " ".join(ours)
                    ours_time = medians[ours_text]
                    rows.append((size, label, "portdoc " + " ".join(ours[1:]), ours_time, peak_rss_kib(ours), None))
                    for peer in peers:
                        peer_text = " ".join(peer)
                        rows.append((size, label, peer_text, medians[peer_text], peak_rss_kib(peer, 1 if peer[0] == "lsof" else 3),
                                     ours_time / medians[peer_text]))
            for label, port in (("busy port (4 holders, TIME_WAIT expiring)", args.busy_port), ("free port", args.free_port)):
                watch_rows.append((size, label, port) + watch_cost(binary, port, args.watch_seconds))
            stop_load(load)
            load = None
            wait_until_gone(binary, args.busy_port)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        if load is not None:
            stop_load(load)

    with tempfile.TemporaryDirectory() as scratch:
        logs = log_rows(binary, args.runs, scratch)

    print("Machine: %s, %d cores, kernel %s, %s" % (platform.machine(), os.cpu_count(), platform.release(),
                                                    subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()))
    print()
    print("| sockets | question | command | median | peak RSS | portdoc / this |")
    print("|---:|---|---|---:|---:|---:|")
    for size, label, command, median, rss, ratio in rows:
        ratio_text = "" if ratio is None else "%.2f×" % ratio
        print("| %d | %s | `%s` | %.1f ms | %.1f MiB | %s |" % (size, label, command.replace("|", "\\|"), median * 1000, rss / 1024, ratio_text))
    print()
    print("| sockets | watching | command | CPU (share of one core) | wall time | RSS first → last (largest) |")
    print("|---:|---|---|---:|---:|---:|")
    for size, label, port, cpu, wall, first, last, largest in watch_rows:
        print("| %d | %s | `portdoc watch %d` (200ms) | %.2f %% | %.0f s | %.1f → %.1f MiB (%.1f) |"
              % (size, label, port, cpu * 100, wall, first / 1024, last / 1024, largest / 1024))
    print()
    print("| log lines | question | command | median | peak RSS |")
    print("|---:|---|---|---:|---:|")
    for lines, median, rss in logs:
        print("| %d | explain a service log (3%% bind failures, 20 explained) | `portdoc explain - < log` | %.1f ms | %.1f MiB |"
              % (lines, median * 1000, rss / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())
