#!/usr/bin/env python3
"""Walks a checkout in headless Chromium, as a customer would: opens CHECKOUT_URL, presses the
page's Pay button, follows the redirects to the return URL, and takes a screenshot of each
page (BrowserCheckoutTests runs this). Chromium is driven over the DevTools protocol on
`--remote-debugging-pipe` (file descriptors 3 and 4, NUL-separated JSON), so nothing but the
standard library is needed.

    browser_checkout.py CHROMIUM OUT_DIR     (then the checkout URL on stdin)

It serves the shop's return page itself on 127.0.0.1: the first line it prints is that page's
URL, which the server under test takes as payments.returnUrl; then it reads the checkout URL
from stdin, walks, and prints one JSON line {"returned", "shopSaw", "screenshots"}.
"""
import base64
import http.server
import json
import os
import subprocess
import sys
import threading
import time

chromium, out_dir = sys.argv[1], sys.argv[2]
returned = []


class ReturnPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        returned.append(self.path)
        body = b"<!doctype html><html><body><h1>Thank you</h1><p>Back at the shop.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


shop = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ReturnPage)
threading.Thread(target=shop.serve_forever, daemon=True).start()
print(f"http://127.0.0.1:{shop.server_address[1]}/return", flush=True)
checkout_url = sys.stdin.readline().strip()

to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
profile = os.path.join(out_dir, "profile")


def child_fds():
    os.dup2(to_chrome_r, 3)
    os.dup2(from_chrome_w, 4)


browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
     "--no-default-browser-check", "--hide-scrollbars", "--window-size=1024,768", f"--user-data-dir={profile}",
     "--remote-debugging-pipe", "about:blank"],
    preexec_fn=child_fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
reader = os.fdopen(from_chrome_r, "rb")
next_id = [0]
pending = b""


def receive():
    global pending
    while b"\0" not in pending:
        chunk = reader.read1(65536)
        if not chunk:
            raise RuntimeError("chromium closed the pipe")
        pending += chunk
    message, pending = pending.split(b"\0", 1)
    return json.loads(message)


def send(method, params=None, session=None):
    next_id[0] += 1
    message = {"id": next_id[0], "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
    while True:
        reply = receive()
        if reply.get("id") == next_id[0]:
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply["result"]


def evaluate(session, expression):
    return send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)["result"].get("value")


def wait_for(session, expression, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = evaluate(session, expression)
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}; at {evaluate(session, 'location.href')}")


def screenshot(session, name):
    data = send("Page.captureScreenshot", {"format": "png"}, session)["data"]
    path = os.path.join(out_dir, name)
    with open(path, "wb") as file:
        file.write(base64.b64decode(data))
    return path


shots = []
try:
    target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    send("Page.enable", session=session)
    send("Runtime.enable", session=session)
    send("Page.navigate", {"url": checkout_url}, session)
    wait_for(session, "document.readyState === 'complete' && !!document.querySelector('button[type=submit]')",
             "the checkout page's Pay button")
    shots.append(screenshot(session, "1-checkout.png"))
    evaluate(session, "document.querySelector('button[type=submit]').click(); true")
    wait_for(session, "location.pathname === '/return' && document.readyState === 'complete'", "the return page")
    shots.append(screenshot(session, "2-returned.png"))
    final = evaluate(session, "location.href")
    print(json.dumps({"returned": final, "shopSaw": returned, "screenshots": shots}), flush=True)
except Exception as error:  # the test shows this line: what went wrong, where the browser was
    try:
        where = evaluate(session, "location.href + ' ' + document.body.innerText.slice(0, 500)")
        shots.append(screenshot(session, "error.png"))
    except Exception:
        where = None
    print(json.dumps({"error": str(error), "at": where, "shopSaw": returned, "screenshots": shots}), flush=True)
finally:
    browser.kill()
    browser.wait()
    shop.shutdown()
