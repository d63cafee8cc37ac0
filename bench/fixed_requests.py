#!/usr/bin/env python3
"""Sends exactly REQUESTS GET requests for PATH to 127.0.0.1:PORT over CONNECTIONS keep-alive
connections at once (one thread each), and fails unless every answer is 200. Used by
ratelimit_instructions.sh, where the server runs under callgrind and a fixed count matters
more than speed.

    fixed_requests.py PORT PATH REQUESTS [CONNECTIONS]
"""
import http.client
import sys
import threading

port, path, total = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 16
failures = []


def send(count):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(count):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failures.append(response.status)
    connection.close()


threads = [threading.Thread(target=send, args=(total // connections + (1 if index < total % connections else 0),))
           for index in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
if failures:
    sys.exit(f"fixed_requests.py: {len(failures)} of {total} answers were not 200 (first: {failures[0]})")
