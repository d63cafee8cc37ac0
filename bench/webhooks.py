#!/usr/bin/env python3
"""Drives bench/webhooks.sh against a running server (auth.requireEmailVerification=false,
an admin bootstrapped from MARKETPLACE_ADMIN_EMAIL/_PASSWORD) and a running consumer.
Usage: webhooks.py PORT CONSUMER_PORT OUT.jsonl EVENTS CLIENTS ADMIN_EMAIL ADMIN_PASSWORD
Registers one admin endpoint ("*") at the consumer, places EVENTS orders from CLIENTS
threads (each one order.created event), waits until the consumer has them all, and prints
one Markdown row: events, seconds, events/s delivered, change → delivery p50 / p99 / max."""
import json
import sys
import threading
import time
from datetime import datetime

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from orders_seed import Client, account  # noqa: E402


def main():
    port, consumer, out, events, clients = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    admin_email, admin_password = sys.argv[6], sys.argv[7]
    client = Client(port)
    status, body = client.call("POST", "/api/v1/auth/login", {"email": admin_email, "password": admin_password})
    assert status == 200, (status, body)
    admin = body["token"]
    status, body = client.call("POST", "/api/v1/admin/webhooks", {"url": f"http://127.0.0.1:{consumer}/bench", "events": ["*"]}, admin)
    assert status == 201, (status, body)
    seller = account(client, "bench-seller@example.com", "SELLER")
    status, product = client.call("POST", "/api/v1/seller/products", {
        "name": "Bench item", "price": 1000, "stock": 1000000, "category": "home"}, seller)
    assert status == 201, (status, product)
    tokens = [account(client, f"bench-buyer{i}@example.com", "CUSTOMER") for i in range(clients)]
    order = {"provider": "TOSS", "items": [{"productId": product["id"], "quantity": 1}], "shippingAddress": {
        "recipient": "Bench", "phone": "010-1234-5678", "address1": "1 Sejong-daero", "zipCode": "04524"}}
    per_client = [events // clients + (1 if i < events % clients else 0) for i in range(clients)]

    def place(token, count):
        mine = Client(port)
        for _ in range(count):
            status, _ = mine.call("POST", "/api/v1/customer/orders", order, token)
            assert status == 201, status

    started = time.time()
    threads = [threading.Thread(target=place, args=(token, count)) for token, count in zip(tokens, per_client)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    placed = time.time()
    deadline = placed + 120
    records = []
    while time.time() < deadline:
        with open(out) as f:
            records = [json.loads(line) for line in f if line.strip()]
        if len({r["id"] for r in records}) >= events:
            break
        time.sleep(0.05)
    first = {}
    for record in records:
        first.setdefault(record["id"], record)
    delays = sorted(r["at"] - datetime.fromisoformat(r["createdAt"].replace("Z", "+00:00")).timestamp() for r in first.values())
    done = max(r["at"] for r in first.values())
    seconds = done - started

    def pct(p):
        return delays[min(len(delays) - 1, int(p * len(delays)))] * 1000

    print(f"| {len(first)}/{events} | {clients} | {seconds:.2f} | {len(first) / seconds:,.0f} | {(placed - started):.2f} | "
          f"{pct(0.50):.1f} ms | {pct(0.99):.1f} ms | {delays[-1] * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
