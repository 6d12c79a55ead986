#!/usr/bin/python3
"""What memcached spends answering the exporter's stats commands, and what a second connection saves.

Starts a memcached on a free loopback port, fills 20+ slab classes (load.py fill), then, bounded and on loopback only:
1. each stats command alone, ROUNDS times on one kept connection: memcached's own CPU per command (from
   /proc/<pid>/stat) and the round trip's p50;
2. the exporter's four commands, interleaved round by round: pipelined on one connection, against `stats items` on
   a second connection written right after the first (the exporter's lanes), p50 and p90 until the last END.
Usage: /usr/bin/python3 cache-exporter/bench/stats-lanes.py [ROUNDS]   (default 3000)
"""
import os
import socket
import subprocess
import sys
import time

import load

COMMANDS = [b'version', b'stats', b'stats settings', b'stats slabs', b'stats items']
REST = b'stats\r\nstats settings\r\nstats slabs\r\n'
ITEMS = b'stats items\r\n'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def cpu_ticks(pid):
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def connect(port):
    s = socket.create_connection(('127.0.0.1', port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_answers(s, count, single_line=False):
    """Reads until `count` answers have ended (END lines, or one line for `version`)."""
    data = b''
    while True:
        data += s.recv(1 << 20)
        if single_line and data.endswith(b'\r\n'):
            return
        if data.count(b'END\r\n') >= count:
            return


def p(values, q):
    values = sorted(values)
    return values[int(len(values) * q)] * 1e6


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    port = free_port()
    user = ['-u', 'nobody'] if os.geteuid() == 0 else []
    server = subprocess.Popen(['memcached', *user, '-l', '127.0.0.1', '-p', str(port), '-U', '0', '-m', '256'])
    try:
        deadline = time.time() + 5
        while True:
            try:
                connect(port).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit('memcached did not start')
                time.sleep(0.05)
        classes = load.fill(port, 30)
        one, first, second = connect(port), connect(port), connect(port)
        print('memcached %d active slab classes, %d rounds, %s' % (classes, rounds, time.strftime('%Y-%m-%d %H:%M UTC',
                                                                                                  time.gmtime())))
        print('| command | memcached CPU µs | round trip p50 µs |')
        print('|---|---:|---:|')
        for command in COMMANDS:
            version = command == b'version'
            for _ in range(rounds // 10):  # warm-up
                one.sendall(command + b'\r\n')
                read_answers(one, 1, version)
            spent, before = [], cpu_ticks(server.pid)
            for _ in range(rounds):
                t0 = time.perf_counter()
                one.sendall(command + b'\r\n')
                read_answers(one, 1, version)
                spent.append(time.perf_counter() - t0)
            ticks = cpu_ticks(server.pid) - before
            print('| `%s` | %.0f | %.0f |' % (command.decode(), ticks * 1e6 / os.sysconf('SC_CLK_TCK') / rounds,
                                              p(spent, 0.5)))
        pipelined, lanes = [], []
        for i in range(-rounds // 10, rounds):
            for way in ((0, 1) if i % 2 == 0 else (1, 0)):  # which goes first alternates
                t0 = time.perf_counter()
                if way == 0:
                    one.sendall(REST + ITEMS)
                    read_answers(one, 4)
                else:
                    first.sendall(REST)
                    second.sendall(ITEMS)
                    read_answers(first, 3)
                    read_answers(second, 1)
                if i >= 0:
                    (pipelined if way == 0 else lanes).append(time.perf_counter() - t0)
        print()
        print('| the four commands | p50 µs | p90 µs |')
        print('|---|---:|---:|')
        print('| one connection, pipelined | %.0f | %.0f |' % (p(pipelined, 0.5), p(pipelined, 0.9)))
        print('| `stats items` on a second connection | %.0f | %.0f |' % (p(lanes, 0.5), p(lanes, 0.9)))
        print('p50 ratio, two connections / one: %.2f' % (p(lanes, 0.5) / p(pipelined, 0.5)))
    finally:
        server.kill()


if __name__ == '__main__':
    main()
