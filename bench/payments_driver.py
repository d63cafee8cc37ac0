#!/usr/bin/env python3
"""Drives bench/payments.sh: confirm throughput and latency against the Toss sandbox.
Usage: payments_driver.py PORT PRODUCTS CUSTOMERS ORDERS_PER_CUSTOMER
The server must run with auth.requireEmailVerification=false and the sandbox on. Seeds one
seller with PRODUCTS products (stock 1,000,000) and CUSTOMERS customers; each customer (one
thread, its own keep-alive connection) places ORDERS_PER_CUSTOMER 1-line TOSS orders and
approves each at the sandbox (POST /sandbox/toss/approve: what the checkout redirect carries).
Then, all customers at once, each confirms its orders one after another; only the confirms
are timed. Prints one markdown table row:
| customers | confirms | confirms/s | p50 ms | p90 ms | p99 ms | max ms | errors |"""
import http.client
import random
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from orders_seed import Client, seed  # noqa: E402


ADDRESS = {"recipient": "Bench", "phone": "01012345678", "address1": "1 Bench-ro", "zipCode": "04524"}


def prepare(port, token, products, count, out):
    """Places and approves `count` orders; appends (orderId, paymentKey, amount) to out."""
    client = Client(port)
    for _ in range(count):
        status, order = client.call("POST", "/api/v1/customer/orders", {
            "provider": "TOSS", "items": [{"productId": random.choice(products), "quantity": 1}],
            "shippingAddress": ADDRESS}, token)
        assert status == 201, (status, order)
        amount = order["payment"]["amount"]
        status, approved = client.call("POST", "/sandbox/toss/approve", {
            "orderId": order["id"], "amount": amount, "orderName": "Bench",
            "taxFreeAmount": order["payment"]["taxFreeAmount"]})
        assert status == 200, (status, approved)
        out.append((order["id"], approved["paymentKey"], amount))


def confirm_all(port, token, prepared, latencies, errors, start):
    client = Client(port)
    start.wait()
    for order_id, key, amount in prepared:
        began = time.perf_counter()
        try:
            status, body = client.call("POST", f"/api/v1/customer/orders/{order_id}/payment/confirm",
                                       {"paymentKey": key, "amount": amount}, token)
        except (http.client.HTTPException, OSError):
            status, body = 0, None
        latencies.append((time.perf_counter() - began) * 1000)
        if status != 200 or body.get("status") != "PAID":
            errors.append(status)


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def main():
    port, products, customers, per = (int(a) for a in sys.argv[1:5])
    ids, tokens = seed(Client(port), products, customers)

    prepared = [[] for _ in tokens]
    threads = [threading.Thread(target=prepare, args=(port, t, ids, per, prepared[i])) for i, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(p) == per for p in prepared), "some orders could not be placed and approved"

    latencies, errors, start = [], [], threading.Event()
    threads = [threading.Thread(target=confirm_all, args=(port, t, prepared[i], latencies, errors, start))
               for i, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    values = sorted(latencies)
    print("| %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %d |" % (
        customers, len(values), len(values) / elapsed, percentile(values, 50), percentile(values, 90),
        percentile(values, 99), values[-1] if values else 0, len(errors)))


if __name__ == "__main__":
    main()
