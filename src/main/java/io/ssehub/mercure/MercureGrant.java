package io.ssehub.mercure;

import java.util.List;

/**
 * What a verified Mercure token allows: the topic matchers of its {@code publish} and {@code subscribe} actions
 * (from {@code authorization_details} entries of type {@code https://mercure.rocks/authorization-detail}), and when it
 * ends. An anonymous subscriber has {@link #NONE}.
 *
 * @param publish the matchers of the topics the holder may publish to
 * @param subscribe the matchers of the topics whose private updates the holder may receive
 * @param expiresAt the token's {@code exp} in epoch seconds (a stream it opened closes then), or 0 for none
 */
public record MercureGrant(List<TopicSelector> publish, List<TopicSelector> subscribe, long expiresAt) {

  public static final MercureGrant NONE = new MercureGrant(List.of(), List.of(), 0);

  /** Whether every topic of the update is covered by a publish matcher (the spec: else 403, nothing dispatched). */
  public boolean mayPublish(List<String> topics) {
    return !topics.isEmpty() && topics.stream().allMatch(topic -> publish.stream().anyMatch(m -> m.matches(topic)));
  }

  /** Whether a private update with these topics may reach the holder: a subscribe matcher covers one of them. */
  public boolean maySee(List<String> updateTopics) {
    return subscribe.stream().anyMatch(matcher -> matcher.matchesAny(updateTopics));
  }
}
