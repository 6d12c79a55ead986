#!/usr/bin/python3
"""Bounded loopback load client: fills memcached, waits for exporters, scrapes them and prints statistics."""
import http.client
import os
import socket
import sys
import time

# What Debian's Prometheus 2.42 sends with every scrape (captured from the binary): OpenMetrics first, gzip.
PROMETHEUS_HEADERS = {
    'User-Agent': 'Prometheus/2.42.0+ds',
    'Accept': 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,'
              'text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    'Accept-Encoding': 'gzip',
    'X-Prometheus-Scrape-Timeout-Seconds': '10',
}


def fill(port, classes):
    with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
        for i in range(classes):
            size = int(60 * (1.25 ** (i * 1.2)))
            for copy in range(4):
                value = b'v' * min(size, 500000)
                s.sendall(b'set k%d-%d 0 0 %d\r\n' % (i, copy, len(value)) + value + b'\r\n')
                reply = b''
                while not reply.endswith(b'\r\n'):
                    reply += s.recv(100)
            s.sendall(b'get k%d-0\r\n' % i)
            reply = b''
            while not reply.endswith(b'END\r\n'):
                reply += s.recv(1 << 20)
        s.sendall(b'stats slabs\r\n')
        reply = b''
        while not reply.endswith(b'END\r\n'):
            reply += s.recv(1 << 20)
        return reply.decode().count(':chunk_size ')


def scrape(port):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    conn.request('GET', '/metrics')
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def wait_up(port, started_ns):
    """Seconds from process launch (started_ns, time.time_ns()) to the first 200 from /metrics."""
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            status, _ = scrape(port)
            if status == 200:
                return (time.time_ns() - started_ns) / 1e9
        except OSError:
            pass
        time.sleep(0.01)
    raise SystemExit('exporter on port %d did not come up' % port)


class PrometheusLikeScraper:
    """Scrapes as Prometheus does: its headers, and one connection kept between scrapes for as long as the server
    keeps it (http.client opens a new one after a server that closes). The body is read whole, not decompressed:
    the time is the exporter's, up to its last byte."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)

    def __call__(self):
        self.conn.request('GET', '/metrics', headers=PROMETHEUS_HEADERS)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self):
        self.conn.close()


def cpu_ms(pid):
    """User plus system CPU of the process so far, in ms (/proc/<pid>/stat, clock ticks)."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf('SC_CLK_TCK')


def cpu_per_scrape(ports, pids, count):
    """CPU ms of each exporter per Prometheus-like scrape: COUNT scrapes of every exporter, round-robin."""
    prometheus = {port: PrometheusLikeScraper(port) for port in ports}
    before = {pid: cpu_ms(pid) for pid in pids}
    for i in range(count):
        for k in range(len(ports)):
            status, _ = prometheus[ports[(i + k) % len(ports)]]()
            assert status == 200
    after = {pid: cpu_ms(pid) for pid in pids}
    for scraper in prometheus.values():
        scraper.close()
    return [(after[pid] - before[pid]) / count for pid in pids]


def bench_interleaved(ports, warmup, count):
    """Scrapes every exporter in turn (the first one rotating each round), so that load from other processes
    falls on all of them alike, each both ways: a plain GET on a new connection, and as Prometheus scrapes.
    Returns per port: plain p50, p99, scrapes/s; Prometheus-like p50, p99, scrapes/s and body bytes as sent;
    families and samples (of the plain text exposition)."""
    prometheus = {port: PrometheusLikeScraper(port) for port in ports}
    for _ in range(warmup):
        for port in ports:
            scrape(port)
            prometheus[port]()
    plain = {port: [] for port in ports}
    like = {port: [] for port in ports}
    bodies = {}
    sent = {}
    for i in range(count):
        for k in range(len(ports)):
            port = ports[(i + k) % len(ports)]
            for way in ((0, 1) if i % 2 == 0 else (1, 0)):  # which client goes first alternates too
                t0 = time.perf_counter()
                if way == 0:
                    status, body = scrape(port)
                    plain[port].append(time.perf_counter() - t0)
                    bodies[port] = body
                else:
                    status, raw = prometheus[port]()
                    like[port].append(time.perf_counter() - t0)
                    sent[port] = len(raw)
                assert status == 200
    for scraper in prometheus.values():
        scraper.close()
    results = []
    for port in ports:
        text = bodies[port].decode()
        samples = sum(1 for line in text.splitlines() if line and not line.startswith('#'))
        families = sum(1 for line in text.splitlines() if line.startswith('# TYPE'))
        row = []
        for spent in (plain[port], like[port]):
            total = sum(spent)
            spent.sort()
            row += [spent[len(spent) // 2], spent[int(len(spent) * 0.99)], count / total]
        results.append(row + [sent[port], families, samples])
    return results


if __name__ == '__main__':
    command = sys.argv[1]
    if command == 'fill':
        print(fill(int(sys.argv[2]), int(sys.argv[3])))
    elif command == 'wait':
        print('%.3f' % wait_up(int(sys.argv[2]), int(sys.argv[3])))
    elif command == 'interleaved':
        ports = [int(p) for p in sys.argv[4].split(',')]
        pids = [int(p) for p in sys.argv[5].split(',')]
        rows = bench_interleaved(ports, int(sys.argv[2]), int(sys.argv[3]))
        cpu = cpu_per_scrape(ports, pids, int(sys.argv[3]))
        for (p50, p99, rate, lp50, lp99, lrate, sent, families, samples), ms in zip(rows, cpu):
            print('%.3f %.3f %.0f %.3f %.3f %.0f %d %d %d %.3f' % (p50 * 1000, p99 * 1000, rate, lp50 * 1000,
                                                                 lp99 * 1000, lrate, sent, families, samples, ms))
    else:
        raise SystemExit('usage: load.py fill PORT CLASSES | wait PORT STARTED_NS | interleaved WARMUP COUNT PORTS '
                         'PIDS')
