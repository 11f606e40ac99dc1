#!/bin/bash
# The image's health check: GET /health (liveness) on the gateway port the node was given, HUB_HTTP_PORT (3000
# unless set). Healthy when the answer's status is 200 within 3 s. bash's /dev/tcp, so the image needs no curl.
exec 3<>"/dev/tcp/127.0.0.1/${HUB_HTTP_PORT:-3000}" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 3 version status rest <&3 || exit 1
[ "$status" = "200" ]
