package io.ssehub.bus;

/**
 * Every event-bus address of the hub, in one place. Addresses are lowercase dotted names; the
 * parameterised ones have builders.
 */
public final class Addresses {

  /**
   * Request {@code {topic | topics: [..], event?, data, transient?, writer?, position?}} (one id for the event, stored
   * in each topic's history); reply {@code {id, topic, topics, duplicate}} (id
   * null when {@code writer} names a Redis writer lease that is no longer held, or a message at or after
   * {@code position} on that channel is stored already). Served by the history verticle.
   */
  public static final String PUBLISH = "hub.publish";
  /**
   * Node-local {@link #PUBLISH}, served by this node's history role when it has one; {@link Publisher} prefers
   * it, so a publish never waits on another node (or a dead one) when its own node can give the id.
   */
  public static final String PUBLISH_LOCAL = "hub.publish.local";
  /** Request {@code {topics: [..], lastEventId}}; reply {@code {events: [..], gaps: [..]}}. */
  public static final String REPLAY = "hub.replay";
  /**
   * Node-local {@link #REPLAY}, served by this node's history role when it has one; streams prefer it, so that a
   * replay never goes round-robin to another node's history, or to a dead member's before the cluster drops it.
   */
  public static final String REPLAY_LOCAL = "hub.replay.local";
  /**
   * Request {@code {topic, after?, limit}}; reply {@code {events: [{id, event, data}, ..], reset}}: up to {@code limit}
   * retained events of the topic after {@code after} (oldest first), or the newest ones without it; {@code reset} is
   * true when the history no longer reaches back to {@code after}. Served by the history verticle.
   */
  public static final String HISTORY_EVENTS = "hub.history.events";
  /** Node-local {@link #HISTORY_EVENTS}, which a node with a history role prefers, as {@link #REPLAY_LOCAL}. */
  public static final String HISTORY_EVENTS_LOCAL = "hub.history.events.local";
  /** Request {@code {topic}}; reply {@code {lastEventId, retained}}: the topic's newest retained id and their count. */
  public static final String HISTORY_INFO = "hub.history.info";
  /** Node-local {@link #HISTORY_INFO}. */
  public static final String HISTORY_INFO_LOCAL = "hub.history.info.local";
  /** Node-local request for the node's stream, topic and timer counts. */
  public static final String NODE_STATS = "hub.node.stats";

  /** Request {@code {name, uuid?}}; reply {@code {uuid, nicknames}} or a failure with code 400. */
  public static final String ANNOUNCER_NICKNAME = "announcer.nickname";
  /** Request {@code {}} or {@code {uuid}}; reply {@code {nicknames}} or {@code {nickname}}. */
  public static final String ANNOUNCER_NICKNAMES = "announcer.nicknames";
  /**
   * Node-local request {@code {}} on a clustered node; reply {@code {clustered, members, addresses, joined, left}}
   * (the Hazelcast members this node sees, and how many joined and left since it started).
   */
  public static final String CLUSTER_MEMBERS = "hub.cluster.members";
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
  /**
   * Request {@code {m, budgetMillis?}}; reply {@code {value}}: the pipeline's result, or {@code no_reply} when the
   * budget (default: one window) runs out.
   */
  public static final String SWITCHBOARD_CALL = "switchboard.call";
  /** Request {@code {m?}}; reply {@code {listenerId}}: a ticket that keeps the pipeline's result for {@code /ssep}. */
  public static final String SWITCHBOARD_OPEN = "switchboard.open";
  /** Published {@code {}}: every switchboard instance drops all its pending tickets. */
  public static final String SWITCHBOARD_FLUSH = "switchboard.flush";
  /** Node-local request {@code {}}; reply the switchboard's ticket, consumer and timer counts. */
  public static final String SWITCHBOARD_STATS = "switchboard.stats";
  /**
   * Node-local request {@code {}}; reply {@code {stages: {name: [{processed, dropped, expired}, ..]}}}, one entry per
   * instance.
   */
  public static final String PROCESSOR_STATS = "processor.stats";

  private static final String TOPIC_PREFIX = "hub.topic.";
  private static final String FANOUT_PREFIX = "hub.fanout.";
  private static final String TICKET_PREFIX = "switchboard.ticket.";
  private static final String PROCESSOR_PREFIX = "processor.";

  private Addresses() {
  }

  /** Where the history verticle publishes each stored event of a topic. */
  public static String topic(String name) {
    return TOPIC_PREFIX + name;
  }

  /**
   * One node's fanout, by the node's cluster id (a fanout's own id when the node is not clustered): request
   * {@code {topic}}; reply {@code {subscribers}}, the node's open streams that follow the topic.
   */
  public static String fanoutSubscribers(String nodeId) {
    return FANOUT_PREFIX + nodeId + ".subscribers";
  }

  /**
   * A ticket's reply address, which lives as long as the ticket. Send {@code {m}} to deliver the result;
   * request {@code {await: true}} to wait for it (reply {@code {value}}).
   */
  public static String ticket(String listenerId) {
    return TICKET_PREFIX + listenerId;
  }

  /**
   * A pipeline stage, served in the hub or by any process that registers on it over the TCP bridge; it takes a
   * {@link StageMessage} {@code {m, ticket, route, budgetMillis}} and sends the same shape, with its result, the rest
   * of the route and the budget left, to the first address of the route.
   */
  public static String processor(String name) {
    return PROCESSOR_PREFIX + name;
  }
}
