package io.ssehub.redis;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The channel messages a bridge received and has not handed to the history, oldest first, with their positions.
 * While another node's bridge holds the writer lease they wait here, so that the bridge that takes the lease over
 * stores what the old holder had not (the history skips each position that is stored already). Holds at most
 * {@link #MAX_MESSAGES} messages, none received more than {@code maxAgeMillis} ago.
 */
final class Backlog {

  static final int MAX_MESSAGES = 10_000;

  record Message(String channel, String payload, String position, long receivedMillis) {
  }

  private final Deque<Message> messages = new ArrayDeque<>();
  private final long maxAgeMillis;

  Backlog(long maxAgeMillis) {
    this.maxAgeMillis = maxAgeMillis;
  }

  void add(String channel, String payload, String position) {
    long now = System.currentTimeMillis();
    messages.addLast(new Message(channel, payload, position, now));
    while (messages.size() > MAX_MESSAGES || messages.peekFirst().receivedMillis() < now - maxAgeMillis) {
      messages.removeFirst();
    }
  }

  /** The oldest message, taken out, or null. */
  Message take() {
    return messages.pollFirst();
  }

  void clear() {
    messages.clear();
  }
}
