package io.ssehub.config;


import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One stage of the switchboard pipeline: an in-JVM {@link Transform}, an external processor reached
 * over HTTP with seed 000's protocol ({@code GET <url>?m=&listener_id=}), or a stage served on the bus by
 * processes that register on its address themselves (over the TCP event-bus bridge, in any language).
 *
 * @param name the stage's name; its event-bus address is {@code processor.<name>}
 * @param transform the in-JVM transform, or null for an external processor
 * @param url the external processor's URL, or null for an in-JVM transform
 * @param deliver for an external processor: {@code body} (its HTTP response body is the result and goes on down
 *   the pipeline) or {@code sink} (it delivers the result itself to {@code /sink_to}; only for the last stage)
 * @param instances verticle instances of this stage on a node that runs the processors role
 * @param delayMillis an artificial delay before the stage passes its result on (a slow processor, for demos)
 * @param timeoutMillis how long an external processor may take to answer the HTTP request
 * @param bus true for a stage that this hub does not serve: whoever registers on {@code processor.<name>} does
 */
public record ProcessorSpec(
  String name,
  Transform transform,
  String url,
  String deliver,
  int instances,
  long delayMillis,
  long timeoutMillis,
  boolean bus) {

  public static final String DELIVER_BODY = "body";
  public static final String DELIVER_SINK = "sink";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  static ProcessorSpec transform(String name, String transform, int instances) {
    return new ProcessorSpec(name, Transform.named(transform).orElseThrow(), null, null, instances, 0, 0, false);
  }

  public boolean external() {
    return url != null;
  }

  static ProcessorSpec from(ConfigReader reader, boolean last, long window) {
    String name = reader.string("name", null);
    if (name == null || !NAME.matcher(name).matches()) {
      throw reader.invalid("name", "must be 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter or digit");
    }
    String transformName = reader.oneOf("transform", null, Transform.names());
    String url = reader.string("url", null);
    boolean bus = reader.bool("bus", false);
    if ((transformName != null ? 1 : 0) + (url != null ? 1 : 0) + (bus ? 1 : 0) != 1) {
      throw reader.invalid("transform", "or 'url' or \"bus\": true must be given, only one of them: a transform ("
        + Transform.names() + "), the URL of an external processor, or a stage served on the bus by processes that "
        + "register on processor." + name + " themselves");
    }
    String deliver = reader.oneOf("deliver", url == null ? null : DELIVER_BODY, Set.of(DELIVER_BODY, DELIVER_SINK));
    if (url == null && deliver != null) {
      throw reader.invalid("deliver", "applies only to an external processor (one with a 'url')");
    }
    if (DELIVER_SINK.equals(deliver) && !last) {
      throw reader.invalid("deliver", "\"sink\" is only possible for the last processor, which answers the ticket");
    }
    return new ProcessorSpec(
      name,
      transformName == null ? null : Transform.named(transformName).orElseThrow(),
      url == null ? null : checkedUrl(reader, url),
      deliver,
      reader.integer("instances", 1, 1, 64),
      reader.integer("delayMillis", 0, 0, 600_000),
      reader.integer("timeoutMillis", (int) window, 1, 600_000),
      bus);
  }

  private static String checkedUrl(ConfigReader reader, String url) {
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
        throw reader.invalid("url", "must be an http:// URL with a host and no query, such as "
          + "http://127.0.0.1:4000/upper; found \"" + url + "\"");
      }
      return url;
    } catch (URISyntaxException e) {
      throw reader.invalid("url", "is not a valid URL: " + e.getMessage());
    }
  }
}
