#!/usr/bin/python3
"""Baseline for the scrape benchmark: the seed article's exporter (8 stats from a raw `stats` socket), changed
only to collect at scrape time through a custom collector instead of polling every 15 s.
Run with Debian's python3 and python3-prometheus-client: /usr/bin/python3 baseline_exporter.py HOST PORT LISTEN_PORT
"""
import socket
import sys
import time

from prometheus_client import start_http_server
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily

GAUGES = {'bytes': 'memcached_bytes', 'limit_maxbytes': 'memcached_limit_maxbytes',
          'curr_items': 'memcached_curr_items', 'curr_connections': 'memcached_curr_connections'}
COUNTERS = {'get_hits': 'memcached_get_hits', 'get_misses': 'memcached_get_misses',
            'evictions': 'memcached_evictions'}


def fetch_stats(host, port, timeout):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(b'stats\r\n')
        buffer = b''
        while not buffer.endswith(b'END\r\n'):
            chunk = s.recv(4096)
            if not chunk:
                break
            buffer += chunk
    stats = {}
    for line in buffer.decode('utf-8').splitlines():
        parts = line.split(' ')
        if len(parts) == 3 and parts[0] == 'STAT':
            stats[parts[1]] = parts[2]
    return stats


class SeedCollector:
    def __init__(self, host, port):
        self.host, self.port = host, port

    def collect(self):
        up = GaugeMetricFamily('memcached_up', 'Value is 1 if Memcached is reachable, 0 otherwise.')
        try:
            stats = fetch_stats(self.host, self.port, 1.0)
        except OSError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for stat, name in GAUGES.items():
            if stat in stats:
                yield GaugeMetricFamily(name, stat, value=float(stats[stat]))
        for stat, name in COUNTERS.items():
            if stat in stats:
                yield CounterMetricFamily(name, stat, value=float(stats[stat]))


if __name__ == '__main__':
    REGISTRY.register(SeedCollector(sys.argv[1], int(sys.argv[2])))
    start_http_server(int(sys.argv[3]), addr='127.0.0.1')
    while True:
        time.sleep(3600)
