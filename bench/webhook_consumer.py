#!/usr/bin/env python3
"""A webhook consumer for the tests and bench/webhooks.sh: verifies every delivery with the
PyPI `standardwebhooks` package and appends one JSON line per request to OUT.

    webhook_consumer.py SECRETS OUT PORTFILE

SECRETS is a JSON file {name: "whsec_…"} (re-read on each request: endpoints are registered
after the consumer starts); requests go to /<name>/…. Names starting with `fail<N>` answer
500 to the first N deliveries of each event; `gone` answers 410. Listens on 127.0.0.1 only.
With CONSUMER_VERIFY=0 (bench/webhooks.sh) it skips the signature check and records only the
event's id, type, createdAt and the time of arrival: a fast consumer.
"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from standardwebhooks.webhooks import Webhook

secrets_path, out_path, port_path = sys.argv[1:4]
VERIFY = os.environ.get("CONSUMER_VERIFY", "1") != "0"
lock = threading.Lock()
seen = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        name = self.path.strip("/").split("/")[0]
        record = {"name": name, "at": time.time(), "webhookId": self.headers.get("webhook-id")}
        if not VERIFY:
            event = json.loads(body)
            record.update(verified=False, id=event["id"], type=event["type"], createdAt=event["createdAt"], status=200)
            with lock, open(out_path, "a") as f:
                f.write(json.dumps(record) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            with open(secrets_path) as f:
                secret = json.load(f)[name]
            event = Webhook(secret).verify(body, dict(self.headers.items()))
            order = event["data"]["order"]
            record.update(verified=True, id=event["id"], type=event["type"], orderId=order["id"],
                          customerId=order["customerId"], sellers=sorted({i["sellerId"] for i in order["items"]}),
                          totalAmount=order["totalAmount"], payment=order["payment"], createdAt=event["createdAt"])
        except Exception as error:  # recorded, and answered 400: the test sees it
            record.update(verified=False, error=repr(error))
        status = 200 if record["verified"] else 400
        if name.startswith("fail") and record["verified"]:
            with lock:
                seen[record["id"]] = seen.get(record["id"], 0) + 1
                if seen[record["id"]] <= int(name[4:]):
                    status = 500
        if name == "gone":
            status = 410
        record["status"] = status
        with lock, open(out_path, "a") as f:
            f.write(json.dumps(record) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_path + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_path + ".tmp", port_path)
server.serve_forever()
