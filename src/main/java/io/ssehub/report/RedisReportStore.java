package io.ssehub.report;

import io.ssehub.config.ReportsConfig.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports in Redis, shared by every node that names the same server and key prefix. A report is the
 * hash {@code <prefix>report:<id>} with {@code userId, status, version, createdAt}; a user's reports
 * are the sorted set {@code <prefix>user:<userId>} scored by creation time. Creating, listing and moving
 * are Lua scripts, so each runs atomically; a move checks the owner against the caller and the current status against the ones the state
 * machine allows before the target and writes in the same step.
 *
 * <p>All commands go down one connection, so their replies come back in the order Redis ran them and
 * the changes are published in that order; a lost connection is opened again on the next call.
 */
public final class RedisReportStore implements ReportStore {

  private static final String CREATE = """
    local createdAt = tonumber(ARGV[2])
    local newest = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    if newest[2] and tonumber(newest[2]) >= createdAt then createdAt = tonumber(newest[2]) + 1 end
    redis.call('HSET', KEYS[1], 'userId', ARGV[1], 'status', 'pending', 'version', '0', 'createdAt', createdAt)
    redis.call('ZADD', KEYS[2], createdAt, ARGV[3])
    return createdAt
    """;
  private static final String MOVE = """
    local current = redis.call('HMGET', KEYS[1], 'userId', 'status', 'version', 'createdAt')
    if not current[1] then return {'unknown'} end
    if current[1] ~= ARGV[2] then return {'notowned'} end
    for i = 3, #ARGV do
      if ARGV[i] == current[2] then
        local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
        redis.call('HSET', KEYS[1], 'status', ARGV[1])
        return {'accepted', current[1], ARGV[1], tostring(version), current[4], current[2]}
      end
    end
    return {'invalid', current[1], current[2], current[3], current[4]}
    """;
  private static final String LIST = """
    local out = {}
    for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
      local report = redis.call('HMGET', ARGV[1] .. id, 'userId', 'status', 'version', 'createdAt')
      if report[1] then
        table.insert(out, id)
        table.insert(out, report[2])
        table.insert(out, report[3])
        table.insert(out, report[4])
      end
    end
    return out
    """;

  private final Vertx vertx;
  private final RedisStore config;
  private Redis client;
  private Future<RedisAPI> connection;

  public RedisReportStore(Vertx vertx, RedisStore config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public Future<Void> open() {
    client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.connectionString()));
    return redis().compose(api -> api.ping(List.of())).mapEmpty();
  }

  private Future<RedisAPI> redis() {
    if (connection == null || connection.failed()) {
      Future<RedisAPI> opening = client.connect().map(opened -> {
        opened.endHandler(v -> forget());
        opened.exceptionHandler(failure -> forget());
        return RedisAPI.api(opened);
      });
      connection = opening;
    }
    return connection;
  }

  private void forget() {
    connection = null;
  }

  @Override
  public Future<Report> create(String userId) {
    String reportId = UUID.randomUUID().toString();
    return redis().compose(redis -> redis.eval(List.of(CREATE, "2", reportKey(reportId), userKey(userId),
        userId, Long.toString(System.currentTimeMillis()), reportId)))
      .map(createdAt -> Report.created(userId, reportId, createdAt.toLong()));
  }

  @Override
  public Future<List<Report>> listFor(String userId) {
    return redis().compose(redis -> redis.eval(List.of(LIST, "1", userKey(userId), config.keyPrefix() + "report:")))
      .map(reply -> {
        List<Report> list = new ArrayList<>();
        for (int i = 0; i + 3 < reply.size(); i += 4) {
          list.add(new Report(userId, reply.get(i).toString(), status(reply.get(i + 1)), reply.get(i + 2).toLong(),
            reply.get(i + 3).toLong()));
        }
        return list;
      });
  }

  @Override
  public Future<Optional<Report>> find(String reportId) {
    return redis().compose(redis -> redis.hmget(List.of(reportKey(reportId), "userId", "status", "version", "createdAt")))
      .map(reply -> reply.get(0) == null ? Optional.empty() : Optional.of(new Report(reply.get(0).toString(),
        reportId, status(reply.get(1)), reply.get(2).toLong(), reply.get(3).toLong())));
  }

  @Override
  public Future<Transition> move(String reportId, String userId, ReportStatus target) {
    List<String> args = new ArrayList<>(List.of(MOVE, "1", reportKey(reportId), target.wireName(), userId));
    target.previous().forEach(from -> args.add(from.wireName()));
    return redis().compose(redis -> redis.eval(args)).map(reply -> transition(reportId, reply));
  }

  @Override
  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private static Transition transition(String reportId, Response reply) {
    String outcome = reply.get(0).toString();
    if (outcome.equals("unknown")) {
      return Transition.unknownReport();
    }
    if (outcome.equals("notowned")) {
      return Transition.notOwned();
    }
    Report report = new Report(reply.get(1).toString(), reportId, status(reply.get(2)), reply.get(3).toLong(),
      reply.get(4).toLong());
    return outcome.equals("accepted") ? Transition.accepted(report, status(reply.get(5))) : Transition.invalid(report);
  }

  private static ReportStatus status(Response name) {
    return ReportStatus.fromWire(name.toString())
      .orElseThrow(() -> new IllegalStateException("Redis holds an unknown report status \"" + name + "\""));
  }

  private String reportKey(String reportId) {
    return config.keyPrefix() + "report:" + reportId;
  }

  private String userKey(String userId) {
    return config.keyPrefix() + "user:" + userId;
  }
}
