"""Publishes one event through sse-hub's history over the TCP event-bus bridge, standard library only.

    python3 examples/bus-processor/publish.py --bridge 127.0.0.1:7000 --topic news 'text'

The event gets a hub id, is kept in the topic's history and reaches every subscriber of /topics/<topic>.
Prints the id; exits 1 when the hub refuses the event.
"""

import argparse
import sys
import uuid

from eventbus import Bridge, Refused, log, parse_bridge


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bridge", default="127.0.0.1:7000", help="the hub's bridge, host:port")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--event", help="the SSE event name; none for a plain message")
    parser.add_argument("--token", help="a JWT whose publish claim lists the topic, when the hub has auth on")
    parser.add_argument("data", help="the event's data")
    args = parser.parse_args()
    bridge = Bridge(parse_bridge(args.bridge), token=args.token)
    try:
        bridge.connect()
    except Refused as refusal:
        log("refused:", refusal)
        return 1
    reply_to = "publish." + str(uuid.uuid4())
    body = {"topic": args.topic, "data": args.data}
    if args.event:
        body["event"] = args.event
    bridge.send("hub.publish", body, reply_address=reply_to)
    while True:
        frame = bridge.read_frame()
        if frame.get("type") == "message" and frame.get("address") == reply_to:
            print(frame["body"]["id"])
            return 0
        if frame.get("type") == "err":
            log("refused:", frame.get("message"))
            return 1


if __name__ == "__main__":
    sys.exit(main())
