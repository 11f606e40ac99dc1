package io.ssehub.gateway;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reading request bodies and echoing client input back in error sentences safely. */
public final class Bodies {

  private Bodies() {
  }

  /** Decodes strictly: null when the bytes are not UTF-8. An absent body is the empty string. */
  public static String utf8(Buffer body) {
    if (body == null) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body.getBytes()))
        .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Client text cut short and with control characters replaced, for quoting in an error. */
  public static String printable(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
