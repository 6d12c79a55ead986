#!/usr/bin/python3
"""Bounded loopback load client: fills memcached, waits for exporters, scrapes them and prints statistics."""
import http.client
import socket
import sys
import time


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


def bench(port, warmup, count):
    for _ in range(warmup):
        scrape(port)
    latencies = []
    begin = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        status, body = scrape(port)
        latencies.append(time.perf_counter() - t0)
        assert status == 200
    total = time.perf_counter() - begin
    latencies.sort()
    samples = sum(1 for line in body.decode().splitlines() if line and not line.startswith('#'))
    families = sum(1 for line in body.decode().splitlines() if line.startswith('# TYPE'))
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)], count / total, families, samples


def bench_interleaved(ports, warmup, count):
    """Scrapes every exporter in turn (the first one rotating each round), so that load from other processes
    falls on all of them alike; returns bench()'s statistics per port, scrapes/s from each one's own time."""
    for _ in range(warmup):
        for port in ports:
            scrape(port)
    latencies = {port: [] for port in ports}
    bodies = {}
    for i in range(count):
        for k in range(len(ports)):
            port = ports[(i + k) % len(ports)]
            t0 = time.perf_counter()
            status, body = scrape(port)
            latencies[port].append(time.perf_counter() - t0)
            assert status == 200
            bodies[port] = body
    results = []
    for port in ports:
        spent = latencies[port]
        total = sum(spent)
        spent.sort()
        text = bodies[port].decode()
        samples = sum(1 for line in text.splitlines() if line and not line.startswith('#'))
        families = sum(1 for line in text.splitlines() if line.startswith('# TYPE'))
        results.append((spent[len(spent) // 2], spent[int(len(spent) * 0.99)], count / total, families, samples))
    return results


if __name__ == '__main__':
    command = sys.argv[1]
    if command == 'fill':
        print(fill(int(sys.argv[2]), int(sys.argv[3])))
    elif command == 'wait':
        print('%.3f' % wait_up(int(sys.argv[2]), int(sys.argv[3])))
    elif command == 'interleaved':
        ports = [int(p) for p in sys.argv[4].split(',')]
        for p50, p99, rate, families, samples in bench_interleaved(ports, int(sys.argv[2]), int(sys.argv[3])):
            print('%.3f %.3f %.0f %d %d' % (p50 * 1000, p99 * 1000, rate, families, samples))
    else:
        p50, p99, rate, families, samples = bench(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        print('%.3f %.3f %.0f %d %d' % (p50 * 1000, p99 * 1000, rate, families, samples))
