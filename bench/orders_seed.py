#!/usr/bin/env python3
"""Seeds a running server for bench/orders.sh and writes a wrk Lua script.
Usage: orders_seed.py PORT PRODUCTS CUSTOMERS OUT.lua
The server must run with auth.requireEmailVerification=false. Creates one seller with
PRODUCTS on-sale products (stock 1,000,000 each, so no run sells out) and CUSTOMERS
customers, logs each in, and writes OUT.lua: every request places a 1-line order for one
unit of a random product (1 product = the hot-product run) with the next customer's token."""
import http.client
import json
import sys
import time


class Client:
    """One keep-alive connection to the server; a broken connection is reopened for the next call."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        return response.status, (json.loads(data) if data else None)


def account(client, email, role):
    status, _ = client.call("POST", "/api/v1/auth/signup", {
        "email": email, "password": "correct horse battery", "name": "Bench", "phone": "01012345678", "role": role})
    assert status == 201, status
    status, body = client.call("POST", "/api/v1/auth/login", {"email": email, "password": "correct horse battery"})
    assert status == 200, status
    return body["token"]


def seed(client, products, customers):
    """One seller with `products` on-sale products (stock 1,000,000; every tenth tax-free) and
    `customers` customers; returns (product ids, customer tokens)."""
    stamp = int(time.time() * 1000)
    seller = account(client, f"seller{stamp}@bench.example", "SELLER")
    ids = []
    for n in range(products):
        status, body = client.call("POST", "/api/v1/seller/products", {
            "name": f"Bench product {n}", "description": "", "price": 1000 + n, "stock": 1_000_000,
            "category": "bench", "taxFree": n % 10 == 0}, seller)
        assert status == 201, (status, body)
        ids.append(body["id"])
    tokens = [account(client, f"customer{stamp}-{n}@bench.example", "CUSTOMER") for n in range(customers)]
    return ids, tokens


def write_orders_lua(out, ids, tokens):
    """wrk script: each request places a 1-line order (1 unit, TOSS) for a random product of
    `ids` with the next customer token of `tokens`."""
    with open(out, "w") as lua:
        lua.write("local tokens = {%s}\n" % ", ".join(f'"{t}"' for t in tokens))
        lua.write("local products = {%s}\n" % ", ".join(str(i) for i in ids))
        lua.write("""local counter = 0
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000) end
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local product = products[math.random(#products)]
  local body = '{"provider":"TOSS","items":[{"productId":' .. product .. ',"quantity":1}],' ..
    '"shippingAddress":{"recipient":"Bench","phone":"01012345678","address1":"1 Bench-ro","zipCode":"04524"}}'
  return wrk.format("POST", "/api/v1/customer/orders",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
""")


def main():
    port, products, customers, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ids, tokens = seed(Client(port), products, customers)
    write_orders_lua(out, ids, tokens)
    print(f"seeded {products} products, {customers} customers")


if __name__ == "__main__":
    main()
