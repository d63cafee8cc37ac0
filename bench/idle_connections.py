#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, makes one GET /healthz on each,
keeps them all open and idle, and prints the server's RSS before and after (KiB).
Usage: idle_connections.py PORT PID [N]"""
import resource
import socket
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
    before = rss_kib(pid)
    sockets = []
    request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
    for _ in range(count):
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(request)
        data = b""
        while b"\r\n\r\nok" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                raise SystemExit("server closed a connection")
            data += chunk
        sockets.append(conn)
    time.sleep(1)
    after = rss_kib(pid)
    print(f"{count} {before} {after}")
    for conn in sockets:
        conn.close()


if __name__ == "__main__":
    main()
