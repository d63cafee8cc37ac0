#!/usr/bin/env python3
"""Seeds a running server for bench/postgres.sh and writes its two wrk Lua scripts.
Usage: postgres_seed.py PORT PRODUCTS CUSTOMERS PRODUCT.lua ORDERS.lua
The server must run with auth.requireEmailVerification=false. Seeds through the HTTP API as
bench/orders.sh does (orders_seed.seed: one seller, PRODUCTS on-sale products with stock
1,000,000, CUSTOMERS logged-in customers), then writes PRODUCT.lua (each request:
GET /api/v1/products/{id} of a random seeded product) and ORDERS.lua (orders_seed's: a 1-line
TOSS order for 1 unit of a random product). Servers sharing the database need no seeding."""
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from orders_seed import Client, seed, write_orders_lua  # noqa: E402


def main():
    port, products, customers = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    product_lua, orders_lua = sys.argv[4], sys.argv[5]
    client = Client(port)
    ids, tokens = seed(client, products, customers)
    status, _ = client.call("GET", f"/api/v1/products/{ids[0]}")
    assert status == 200, f"GET /api/v1/products/{ids[0]}: {status}"
    with open(product_lua, "w") as lua:
        lua.write("local products = {%s}\n" % ", ".join(str(i) for i in ids))
        lua.write("""init = function(args) math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000) end
request = function()
  return wrk.format("GET", "/api/v1/products/" .. products[math.random(#products)])
end
""")
    write_orders_lua(orders_lua, ids, tokens)
    print(f"seeded {products} products, {customers} customers")


if __name__ == "__main__":
    main()
