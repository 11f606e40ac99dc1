"""Prints the events of one sse-hub topic as they are published, over the TCP event-bus bridge.

    python3 examples/bus-processor/subscribe.py --bridge 127.0.0.1:7000 --topic news

Registers on hub.topic.<topic> and prints one line per event: its id, a tab, its data. Reconnects with
back-off when the hub restarts (events published while it is away are not replayed: for those, read
/topics/<topic> with Last-Event-ID).
"""

import argparse
import json
import sys

from eventbus import Bridge, Refused, log, parse_bridge


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bridge", default="127.0.0.1:7000", help="the hub's bridge, host:port")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--token", help="a JWT, when the hub has auth on (a private topic needs its owner's)")
    parser.add_argument("--heartbeat", type=float, default=5.0, help="seconds between pings")
    args = parser.parse_args()
    address = "hub.topic." + args.topic

    def on_frame(bridge, frame):
        if frame.get("type") == "message" and frame.get("address") == address:
            event = frame.get("body") or {}
            print("%s\t%s" % (event.get("id"), json.dumps(event.get("data"), ensure_ascii=False)), flush=True)

    def ready(bridge):
        print("subscribed to %s on %s:%d" % ((args.topic,) + bridge.address), flush=True)

    try:
        Bridge(parse_bridge(args.bridge), [address], args.token, args.heartbeat, ready).run(on_frame)
    except KeyboardInterrupt:
        pass
    except Refused as refusal:
        log("bridge refused:", refusal)
        sys.exit(2)


if __name__ == "__main__":
    main()
