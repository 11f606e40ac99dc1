"""A client of sse-hub's TCP event-bus bridge, standard library only.

A frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON. The hub's docs/polyglot.md
describes the frames and the addresses; this module keeps one connection open: it registers the given
addresses, sends a ping every `heartbeat` seconds, and reconnects with a doubling back-off (0.1 s to 5 s)
when the hub goes away or stops answering (no frame at all for three heartbeats).
"""

import json
import socket
import struct
import sys
import time

MAX_BACKOFF = 5.0


def parse_bridge(text):
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


class Refused(Exception):
    """The bridge refused a registration: a wrong address, or a token that does not allow it."""


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class Bridge:
    """One connection to the bridge. `on_frame(bridge, frame)` is called for every frame but pongs."""

    def __init__(self, address, registrations=(), token=None, heartbeat=5.0, on_ready=None):
        self.address = address
        self.registrations = list(registrations)
        self.token = token
        self.heartbeat = heartbeat
        self.on_ready = on_ready
        self.sock = None
        self.buffer = b""

    def headers(self):
        return {"authorization": "Bearer " + self.token} if self.token else {}

    def write(self, frame):
        data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def send(self, address, body, reply_address=None):
        frame = {"type": "send", "address": address, "headers": self.headers(), "body": body}
        if reply_address:
            frame["replyAddress"] = reply_address
        self.write(frame)

    def connect(self):
        """Connects, registers, and waits for the pong that follows the registrations: then they are in place.

        Raises Refused when the bridge answers a registration with an err frame.
        """
        self.sock = socket.create_connection(self.address, timeout=self.heartbeat)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        for address in self.registrations:
            self.write({"type": "register", "address": address, "headers": self.headers()})
        self.write({"type": "ping"})
        while True:
            frame = self.read_frame()
            if frame.get("type") == "pong":
                return
            if frame.get("type") == "err":
                raise Refused(frame.get("message"))

    def read_frame(self):
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack(">I", self.buffer[:4])
                if len(self.buffer) >= 4 + length:
                    data = self.buffer[4:4 + length]
                    self.buffer = self.buffer[4 + length:]
                    return json.loads(data.decode("utf-8"))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the bridge closed the connection")
            self.buffer += chunk

    def run(self, on_frame, once=False):
        """Serves frames until interrupted (or, with `once`, until the connection ends), reconnecting on loss.

        Raises Refused when a registration is refused: trying again would not help.
        """
        backoff = 0.1
        while True:
            try:
                self.connect()
                backoff = 0.1
                log("connected to %s:%d" % self.address)
                if self.on_ready:
                    self.on_ready(self)
                self.serve(on_frame)
            except (OSError, ConnectionError, ValueError) as problem:
                log("connection to %s:%d lost (%s); again in %.1f s" % (self.address + (problem, backoff)))
            finally:
                self.close()
            if once:
                return
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)

    def serve(self, on_frame):
        silent_since = time.monotonic()
        while True:
            try:
                frame = self.read_frame()
            except socket.timeout:
                if time.monotonic() - silent_since > 3 * self.heartbeat:
                    raise ConnectionError("no answer to three pings")
                self.write({"type": "ping"})
                continue
            silent_since = time.monotonic()
            if frame.get("type") == "pong":
                continue
            if frame.get("type") == "err":
                log("bridge refused:", frame.get("message"))
                continue
            on_frame(self, frame)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None
