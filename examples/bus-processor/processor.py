"""A pipeline stage of sse-hub served over the TCP event-bus bridge, standard library only.

    python3 examples/bus-processor/processor.py --bridge 127.0.0.1:7000 --stage upper

It registers on processor.<stage>, applies its transform to each message's data, and sends the result on
to the first address of the message's route, with the rest of the route and the budget left. A message
whose budget runs out before it is passed on is dropped: nobody waits for it any more.
"""

import argparse
import sys
import time

from eventbus import Bridge, Refused, log, parse_bridge

TRANSFORMS = {
    "upper": lambda m: m + " " + m.upper(),
    "reverse": lambda m: m + " " + m[::-1],
    "lower": lambda m: m + " " + m.lower(),
    "shout": lambda m: m.upper(),
    "echo": lambda m: m,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bridge", default="127.0.0.1:7000", help="the hub's bridge, host:port")
    parser.add_argument("--stage", required=True, help="the stage to serve: one of " + ", ".join(TRANSFORMS))
    parser.add_argument("--transform", help="the transform, when it is not the stage's name")
    parser.add_argument("--token", help="a JWT whose stage claim lists the stage, when the hub has auth on")
    parser.add_argument("--delay-ms", type=float, default=0, help="work this long on each message (a slow stage)")
    parser.add_argument("--heartbeat", type=float, default=5.0, help="seconds between pings")
    parser.add_argument("--verbose", action="store_true", help="print a line for each message passed on")
    args = parser.parse_args()
    transform = TRANSFORMS.get(args.transform or args.stage)
    if transform is None:
        parser.error("no transform named %r; choose one of %s" % (args.transform or args.stage, ", ".join(TRANSFORMS)))
    address = "processor." + args.stage
    counts = {"processed": 0, "expired": 0}

    def drop_expired():
        counts["expired"] += 1
        log("dropped a message past its deadline (%d so far)" % counts["expired"])

    def on_frame(bridge, frame):
        if frame.get("type") != "message" or frame.get("address") != address:
            return
        arrived = time.monotonic()
        body = frame.get("body") or {}
        route = body.get("route") or []
        if not isinstance(body.get("m"), str) or not route:
            log("dropped a message without m or route")
            return
        deadline = arrived + body.get("budgetMillis", 50) / 1000.0
        if body.get("budgetMillis", 50) < 1:
            drop_expired()
            return
        result = transform(body["m"])
        if args.delay_ms:
            time.sleep(args.delay_ms / 1000.0)
        left = int((deadline - time.monotonic()) * 1000)
        if left < 1:
            drop_expired()
            return
        bridge.send(route[0], {"m": result, "ticket": body.get("ticket"), "route": route[1:], "budgetMillis": left})
        counts["processed"] += 1
        if args.verbose:
            print("passed %s to %s" % (body.get("ticket"), route[0]), flush=True)

    def ready(bridge):
        print("serving %s on %s:%d" % ((address,) + bridge.address), flush=True)

    bridge = Bridge(parse_bridge(args.bridge), [address], args.token, args.heartbeat, ready)
    try:
        bridge.run(on_frame)
    except KeyboardInterrupt:
        pass
    except Refused as refusal:
        log("bridge refused:", refusal)
        sys.exit(2)


if __name__ == "__main__":
    main()
