#!/usr/bin/env python3
"""Login throughput against a running server (bcrypt at its configured cost).
Usage: logins.py PORT CONCURRENCY SECONDS
Signs up one customer (the server must run with auth.requireEmailVerification=false),
times 5 sequential logins (one hash each, plus HTTP), then runs CONCURRENCY threads that
log in back to back for SECONDS and prints: single_login_ms logins_per_s ok errors"""
import http.client
import json
import sys
import threading
import time


def post(port, path, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def main():
    port, concurrency, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    account = {"email": f"bench{int(time.time()*1000)}@example.com", "password": "correct horse battery",
               "name": "Bench", "phone": "01012345678", "role": "CUSTOMER"}
    assert post(port, "/api/v1/auth/signup", account) == 201
    login = {"email": account["email"], "password": account["password"]}
    started = time.monotonic()
    for _ in range(5):
        assert post(port, "/api/v1/auth/login", login) == 200
    single_ms = (time.monotonic() - started) / 5 * 1000

    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            status = post(port, "/api/v1/auth/login", login)
            with lock:
                counts["ok" if status == 200 else "errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    print(f"{single_ms:.1f} {counts['ok'] / elapsed:.2f} {counts['ok']} {counts['errors']}")


if __name__ == "__main__":
    main()
