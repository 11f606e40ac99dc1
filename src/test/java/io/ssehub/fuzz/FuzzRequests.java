package io.ssehub.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random and malformed requests for every route of the hub, each made from its own seeded random, so that
 * request {@code i} of seed {@code s} is the same bytes on every run. Values come from a list of the usual
 * suspects (CR, LF, NUL, invalid UTF-8, SSE field text, bad UUIDs, huge strings) placed raw or
 * percent-encoded into paths, queries, headers and bodies.
 */
final class FuzzRequests {

  /** One request and what the test needs to judge its answer. */
  record Request(int index, String method, String target, byte[] bytes, byte[] body, String eventParam,
                 boolean exactBody) {

    boolean publishesToTopic() {
      return method.equals("POST") && target.startsWith("/topics/");
    }

    boolean isUserMessage(String user) {
      return method.equals("POST") && target.startsWith("/v2/message?username=" + user) && !target.contains("&");
    }

    String describe() {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      String cut = text.length() > 400 ? text.substring(0, 400) + "..." : text;
      return "request #" + index + ": " + cut.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
  }

  static final String WATCHED_USER = "fuzzer";
  static final List<String> WATCHED_TOPICS = List.of("fuzz", "fuzz.b");

  private static final String[] ROUTES = {
    "GET /topics/{t}", "GET /subscribe?topic={t}&topic={t}", "POST /topics/{t}?event={e}", "POST /topics/{t}",
    "GET /listen", "GET /events", "POST /nickname", "GET /nicknames", "GET /nickname/{v}", "GET /ping", "GET /remote",
    "GET /sse", "GET /v1/sse?username={v}", "GET /v2/sse?username={u}", "POST /v2/message?username={u}",
    "GET /v3/sse?username={u}", "POST /v3/message?username={u}", "POST /v4/new/report?user_id={id}",
    "GET /v4/reports?user_id={id}", "PUT /v4/report?user_id={id}", "GET /v4/sse?user_id={id}", "GET /ssec?m={v}",
    "GET /q?m={v}", "GET /ssep/{v}", "GET /sink_to?listener_id={v}&m={v}", "GET /flush", "GET /switchboard/stats",
    "GET /processors/stats", "GET /monitor", "GET /monitor/stream", "GET /metrics", "GET /health", "GET /ready",
    "GET /ready/{v}", "GET /index.html", "GET /app/{v}", "GET /{v}", "DELETE /topics/{t}", "OPTIONS /topics/{t}",
    "POST /topics/{t}?event={e}", "POST /topics/{t}?event={e}", "POST /topics/{t}", "POST /v2/message?username={u}"};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "G\0T", "GET /x"};
  private static final String[] SUSPECTS = {
    "", " ", "a", "fuzz", "\r", "\n", "\r\n", "\0", "\r\n\r\n", "data: forged\n\n", "id: 1\nevent: forged\ndata: x\n\n",
    "\nevent: forged", "retry: 1", ":comment", "%", "%%", "%0", "%zz", "%0d%0a", "%00", "%C3%28", "%FF%FE", "%ED%A0%80",
    "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "../../etc/passwd", "%2e%2e%2f", "<script>alert(1)</script>", "'\"", "{",
    "}", "[]", "null", "*", "?", "#", "&", "=", "+", ";", "\t", "\u0085", "\u2028", "-1", "99999999999999999999",
    "046fe7f4-c0e6-4d51-81ab-572deddc8142", "046fe7f4-c0e6-4d51-81ab-572deddc814Z", "046FE7F4C0E64D5181AB572DEDDC8142",
    "0-0", "1-1", "18446744073709551615-0", "abc-def"};
  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

  /** A header value with CRLF inside: two header lines, the second one smuggled in. */
  private static final String INJECTED = "X-Injected: a\r\nLast-Event-ID: 0-0";

  private final long seed;

  FuzzRequests(long seed) {
    this.seed = seed;
  }

  Request make(int index, List<String> extraHeaders) {
    Random random = new Random(seed * 1_000_003L + index);
    String route = ROUTES[random.nextInt(ROUTES.length)];
    String method = random.nextInt(20) == 0 ? METHODS[random.nextInt(METHODS.length)] : route.substring(0, route.indexOf(' '));
    String[] event = {null};
    String target = fill(random, route.substring(route.indexOf(' ') + 1), event);
    byte[] body = method.equals("GET") && random.nextInt(4) != 0 ? new byte[0] : body(random);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    List<String> headers = headers(random, extraHeaders);
    for (String header : headers) {
      write(out, header + "\r\n");
    }
    boolean exactBody = !hasLineBreak(method + target) && headers.stream()
      .allMatch(header -> header.equals(INJECTED) || !hasLineBreak(header));
    if (body.length > 0 || !method.equals("GET")) {
      write(out, "Content-Length: " + body.length + "\r\n");
    }
    write(out, "\r\n");
    out.writeBytes(body);
    return new Request(index, method, target, out.toByteArray(), body, event[0], exactBody);
  }

  /** A raw CR or LF in the head may end it early, and then the server reads another body than this one. */
  private static boolean hasLineBreak(String text) {
    return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
  }

  private String fill(Random random, String template, String[] event) {
    StringBuilder target = new StringBuilder();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        target.append(template.substring(at));
        break;
      }
      target.append(template, at, open);
      String slot = template.substring(open + 1, template.indexOf('}', open));
      String value = switch (slot) {
        case "t" -> random.nextInt(3) > 0 ? WATCHED_TOPICS.get(random.nextInt(2)) : suspect(random);
        case "u" -> random.nextInt(3) > 0 ? WATCHED_USER : suspect(random);
        case "id" -> random.nextBoolean() ? UUID.randomUUID().toString() : suspect(random);
        case "e" -> random.nextBoolean() ? "name" + random.nextInt(5) : suspect(random);
        default -> suspect(random);
      };
      if (slot.equals("e")) {
        event[0] = value;
      }
      target.append(placed(random, value));
      at = template.indexOf('}', open) + 1;
    }
    return target.toString();
  }

  /** The value as it goes on the wire: mostly percent-encoded (so it reaches the routes), sometimes raw. */
  private static String placed(Random random, String value) {
    return random.nextInt(5) == 0 ? latin1(value) : percentEncoded(value);
  }

  private static String suspect(Random random) {
    int pick = random.nextInt(SUSPECTS.length + 3);
    if (pick == SUSPECTS.length) {
      return "a".repeat(random.nextInt(10_000));
    }
    if (pick == SUSPECTS.length + 1) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        text.append((char) random.nextInt(0x3000));
      }
      return text.toString();
    }
    if (pick == SUSPECTS.length + 2) {
      return SUSPECTS[random.nextInt(SUSPECTS.length)] + SUSPECTS[random.nextInt(SUSPECTS.length)];
    }
    return SUSPECTS[pick];
  }

  private static List<String> headers(Random random, List<String> extraHeaders) {
    List<String> headers = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      headers.add(switch (random.nextInt(9)) {
        case 0 -> "Last-Event-ID: " + latin1(suspect(random));
        case 1 -> "Authorization: Bearer " + latin1(suspect(random));
        case 2 -> "Cookie: ssehub_token=" + latin1(suspect(random));
        case 3 -> "Origin: " + latin1(suspect(random));
        case 4 -> "Content-Type: " + (random.nextBoolean() ? "application/json" : latin1(suspect(random)));
        case 5 -> "X-Fuzz: " + "h".repeat(1000 + random.nextInt(20_000));
        case 6 -> INJECTED;
        case 7 -> "X-N\0ul: " + latin1(suspect(random));
        default -> "Accept: text/event-stream";
      });
    }
    if (!extraHeaders.isEmpty() && random.nextBoolean()) {
      headers.add(extraHeaders.get(random.nextInt(extraHeaders.size())));
    }
    return headers;
  }

  private static byte[] body(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(6)) {
      case 0 -> write(out, latin1("{\"id\":\"" + suspect(random) + "\",\"status\":\"" + suspect(random) + "\",\"name\":\""
        + suspect(random) + "\"}"));
      case 1 -> {
        String json = "{\"name\": \"" + suspect(random) + "\", \"uuid\": [1, {\"a\": null}]}";
        write(out, latin1(json.substring(0, random.nextInt(json.length() + 1))));
      }
      case 2 -> {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        out.writeBytes(bytes);
      }
      case 3 -> {
        write(out, latin1(suspect(random)));
        out.writeBytes(BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
        write(out, latin1(suspect(random)));
      }
      default -> {
        for (int i = random.nextInt(5); i >= 0; i--) {
          write(out, latin1(suspect(random)));
        }
      }
    }
    return out.toByteArray();
  }

  /** UTF-8 bytes of the text, as a string of one char per byte, for writing with ISO-8859-1. */
  private static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String percentEncoded(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static void write(ByteArrayOutputStream out, String latin1) {
    out.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }
}
