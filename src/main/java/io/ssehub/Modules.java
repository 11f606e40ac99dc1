package io.ssehub;

import io.ssehub.alerts.AlertsModule;
import io.ssehub.announcer.AnnouncerModule;
import io.ssehub.clock.ClockModule;
import io.ssehub.kafka.KafkaModule;
import io.ssehub.mercure.MercureModule;
import io.ssehub.monitor.MonitorModule;
import io.ssehub.node.HubModule;
import io.ssehub.polyglot.BridgeModule;
import io.ssehub.redis.RedisModule;
import io.ssehub.report.ReportsModule;
import io.ssehub.switchboard.CallbackPipelineModule;
import io.ssehub.users.UsersModule;

import java.util.List;

/**
 * Every module the fat jar holds, in the order their verticles are deployed: the one place that names them. A node
 * uses those with a role in its config's {@code deploy} list.
 */
final class Modules {

  private Modules() {
  }

  static List<HubModule> all() {
    return List.of(
      new AnnouncerModule(),
      new ClockModule(),
      new MonitorModule(),
      new KafkaModule(),
      new ReportsModule(),
      new UsersModule(),
      new RedisModule(),
      new AlertsModule(),
      new CallbackPipelineModule(),
      new BridgeModule(),
      new MercureModule());
  }
}
