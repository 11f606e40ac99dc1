package io.ssehub.testing;

/** One dispatched SSE event as a browser's EventSource would see it ({@code event} is null when unnamed). */
public record SseEvent(String id, String event, String data) {
}
