package io.ssehub.announcer;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.SeedStreamsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 002's message announcer: a {@code PING} every second and the nickname list, announced as a
 * {@code NICKNAME} event whenever it changes.
 *
 * <p>Consumes {@link Addresses#ANNOUNCER_NICKNAME} and {@link Addresses#ANNOUNCER_NICKNAMES}; publishes
 * to the {@code announcer} topic. Config: {@code seeds.announcerPingMillis}, {@code seeds.maxNicknames}.
 */
public class AnnouncerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AnnouncerVerticle.class);
  private static final int MAX_NAME_LENGTH = 100;

  private final SeedStreamsConfig config;
  private final Map<String, String> nicknames = new LinkedHashMap<>();
  private Publisher publisher;

  public AnnouncerVerticle(SeedStreamsConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    publisher = new Publisher(vertx, config.announcerPingMillis());
    vertx.setPeriodic(config.announcerPingMillis(), tick -> ping());
    return Future.join(
      vertx.eventBus().consumer(Addresses.ANNOUNCER_NICKNAME, this::setNickname).completion(),
      vertx.eventBus().consumer(Addresses.ANNOUNCER_NICKNAMES, this::readNicknames).completion());
  }

  private void ping() {
    publisher.publishTransient(Topics.ANNOUNCER, "PING", "ping")
      .onFailure(failure -> LOG.debug("PING not published: {}", failure.getMessage()));
  }

  private void setNickname(Message<JsonObject> message) {
    JsonObject body = message.body();
    Object name = body.getValue("name");
    Object uuid = body.getValue("uuid");
    if (!(name instanceof String) || ((String) name).isBlank()) {
      message.fail(400, "Missing name: send a JSON object such as {\"name\": \"Hund\"}, optionally with a \"uuid\".");
    } else if (((String) name).length() > MAX_NAME_LENGTH) {
      message.fail(400, "The name is longer than " + MAX_NAME_LENGTH + " characters; choose a shorter one.");
    } else if (uuid != null && (!(uuid instanceof String) || ((String) uuid).isBlank() || ((String) uuid).length() > 64)) {
      message.fail(400, "The uuid must be a non-empty string of at most 64 characters, or left out.");
    } else {
      String key = uuid == null ? UUID.randomUUID().toString() : (String) uuid;
      if (!nicknames.containsKey(key) && nicknames.size() >= config.maxNicknames()) {
        message.fail(409, "The nickname list is full (" + config.maxNicknames() + " names); no new name can be added.");
        return;
      }
      nicknames.put(key, (String) name);
      JsonObject list = allNicknames();
      publisher.publish(Topics.ANNOUNCER, "NICKNAME", list.encode())
        .onFailure(failure -> LOG.warn("NICKNAME not published: {}", failure.getMessage()));
      message.reply(list.copy().put("uuid", key));
    }
  }

  private void readNicknames(Message<JsonObject> message) {
    String uuid = message.body().getString("uuid");
    if (uuid == null) {
      message.reply(allNicknames());
    } else if (nicknames.containsKey(uuid)) {
      message.reply(new JsonObject().put("nickname", nicknames.get(uuid)));
    } else {
      message.reply(new JsonObject().put("warning", "No name found for the given uuid: " + uuid));
    }
  }

  private JsonObject allNicknames() {
    return new JsonObject().put("nicknames", new JsonArray(nicknames.values().stream().toList()));
  }
}
