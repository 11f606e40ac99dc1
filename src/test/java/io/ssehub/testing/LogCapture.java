package io.ssehub.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The log events of one logger and those below it, kept from {@link #start()} until {@link #stop()}. */
public final class LogCapture {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger;

  public LogCapture(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
  }

  public void start() {
    appender.start();
    logger.addAppender(appender);
  }

  public void stop() {
    logger.detachAppender(appender);
  }

  /** Every event so far, oldest first; the list grows while the capture runs. */
  public List<ILoggingEvent> events() {
    return appender.list;
  }

  /** The WARN events of exactly the logger {@code loggerName}. */
  public List<ILoggingEvent> warnings(String loggerName) {
    return appender.list.stream()
      .filter(event -> event.getLoggerName().equals(loggerName) && event.getLevel() == Level.WARN)
      .toList();
  }
}
