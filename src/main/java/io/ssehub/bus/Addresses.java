package io.ssehub.bus;

/**
 * Every event-bus address of the hub, in one place. Addresses are lowercase dotted names; the
 * parameterised ones have builders.
 */
public final class Addresses {

  /**
   * Request {@code {topic, event?, data, transient?, dedupe?}}; reply {@code {id, topic, duplicate}} (id null
   * for a duplicate). Served by the history verticle.
   */
  public static final String PUBLISH = "hub.publish";
  /** Request {@code {topics: [..], lastEventId}}; reply {@code {events: [..], gaps: [..]}}. */
  public static final String REPLAY = "hub.replay";
  /** Node-local request for the node's stream, topic and timer counts. */
  public static final String NODE_STATS = "hub.node.stats";

  /** Request {@code {name, uuid?}}; reply {@code {uuid, nicknames}} or a failure with code 400. */
  public static final String ANNOUNCER_NICKNAME = "announcer.nickname";
  /** Request {@code {}} or {@code {uuid}}; reply {@code {nicknames}} or {@code {nickname}}. */
  public static final String ANNOUNCER_NICKNAMES = "announcer.nicknames";
  /** Request {@code {}}; reply the process figures of seed 002's {@code /monitor}. */
  public static final String MONITOR_SAMPLE = "monitor.sample";

  /** Request {@code {userId}}; reply the new report {@code {userId, reportId, reportStatus}}. */
  public static final String REPORTS_CREATE = "reports.create";
  /** Request {@code {userId}}; reply {@code {reports: [{userId, reportId, reportStatus}, ..]}}. */
  public static final String REPORTS_LIST = "reports.list";
  /**
   * Request {@code {id, status, requestedBy?}}; reply {@code {id, status, from, userId}} once the change is
   * stored and published, or a failure: 404 unknown report, 409 not a valid transition, 422 bad id or status.
   */
  public static final String REPORTS_UPDATE = "reports.update";

  private static final String TOPIC_PREFIX = "hub.topic.";

  private Addresses() {
  }

  /** Where the history verticle publishes each stored event of a topic. */
  public static String topic(String name) {
    return TOPIC_PREFIX + name;
  }
}
