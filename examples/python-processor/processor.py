#!/usr/bin/env python3
"""A seed 000 processor for sse-hub's switchboard, in Python with only the standard library.

It speaks the seed's protocol: the hub calls ``GET <any path>?m=<text>&listener_id=<ticket>``; the
processor answers the result as the body (``no_reply`` when m or listener_id is missing) and, when
started with ``--sink``, also delivers it to the hub with ``GET <sink>?m=<result>&listener_id=<ticket>``.

In the hub's pipeline config, use it as ``{"name": "py", "url": "http://127.0.0.1:4001/reverse"}``
(the hub takes the response body and goes on down the pipeline) or, as the last stage,
``{"name": "py", "url": "...", "deliver": "sink"}`` with ``--sink http://127.0.0.1:3000/sink_to``.

Usage: python3 processor.py --port 4001 --transform reverse [--sink http://127.0.0.1:3000/sink_to]
"""
import argparse
import sys
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TRANSFORMS = {
    "upper": lambda m: m + " " + m.upper(),
    "reverse": lambda m: m + " " + m[::-1],
    "lower": lambda m: m + " " + m.lower(),
    "title": lambda m: m + " " + m.title(),
    "echo": lambda m: m,
}


def make_handler(transform, sink):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
            m = query.get("m", [None])[0]
            listener_id = query.get("listener_id", [None])[0]
            if m is None or not listener_id:
                self.answer("no_reply")
                return
            reply = transform(m)
            if sink:
                self.deliver(reply, listener_id)
            self.answer(reply)

        def deliver(self, reply, listener_id):
            params = urllib.parse.urlencode({"m": reply, "listener_id": listener_id}, quote_via=urllib.parse.quote)
            try:
                with urllib.request.urlopen(sink + "?" + params, timeout=1) as response:
                    response.read()
            except OSError as error:
                self.log_error("could not deliver to %s: %s", sink, error)

        def answer(self, text):
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4001)
    parser.add_argument("--transform", choices=sorted(TRANSFORMS), default="reverse")
    parser.add_argument("--sink", help="the hub's /sink_to URL; without it the result is only the response body")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(TRANSFORMS[args.transform], args.sink))
    server.daemon_threads = True
    print("processor %s listening on %s:%d" % (args.transform, args.host, server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
