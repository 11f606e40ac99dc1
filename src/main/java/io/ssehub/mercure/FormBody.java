package io.ssehub.mercure;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body read as the URL standard's parser reads it ({@code +} is a space,
 * {@code %XX} a byte, a {@code %} not followed by two hex digits stays as it is), with its fields in order, except that
 * a name or value whose bytes are not UTF-8 is refused (400) instead of mended with U+FFFD: the specification asks for
 * UTF-8.
 */
final class FormBody {

  private FormBody() {
  }

  static List<Map.Entry<String, String>> parse(Buffer body) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '&') {
        if (i > start) {
          fields.add(field(bytes, start, i));
        }
        start = i + 1;
      }
    }
    return fields;
  }

  private static Map.Entry<String, String> field(byte[] bytes, int from, int to) {
    int equals = from;
    while (equals < to && bytes[equals] != '=') {
      equals++;
    }
    String name = decode(bytes, from, equals);
    String value = equals < to ? decode(bytes, equals + 1, to) : "";
    return Map.entry(name, value);
  }

  private static String decode(byte[] bytes, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < to && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(out.toByteArray()))
        .toString();
    } catch (CharacterCodingException e) {
      throw MercureRefusal.badRequest("The form holds a field that is not UTF-8 once decoded; send its names and "
        + "values as UTF-8, percent-encoded.");
    }
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }
}
