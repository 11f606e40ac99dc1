package io.ssehub.alerts;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("JSON as Python's json.dumps writes it, which seed 001's clients receive")
class PythonJsonTest {

  @Test
  @DisplayName("Separators, key order, escapes, non-ASCII and floats match Python 3's output byte for byte")
  void matchesPython() {
    JsonObject value = new JsonObject("{\"a\": \"\u00e9\\\"\\n\\t\u007f\uD83D\uDE00\", \"n\": 1, \"f\": 0.5, "
      + "\"big\": 12345678901234567890, \"l\": [1, true, null, 1e-05, 1e16, 2.5e-7, 0.0001]}");
    // python3 -c 'import json; print(json.dumps({"a": "é\"\n\t\x7f\U0001F600", "n": 1, "f": 0.5,
    //   "big": 12345678901234567890, "l": [1, True, None, 1e-05, 1e16, 2.5e-7, 0.0001]}))'
    assertThat(PythonJson.dumps(value)).isEqualTo("{\"a\": \"\\u00e9\\\"\\n\\t\\u007f\\ud83d\\ude00\", \"n\": 1, "
      + "\"f\": 0.5, \"big\": 12345678901234567890, \"l\": [1, true, null, 1e-05, 1e+16, 2.5e-07, 0.0001]}");
  }

  @Test
  @DisplayName("The seed's alert keeps its key order with the server added last")
  void alertWithServer() {
    String alert = "{\"key\": \"7\", \"message\": \"Sending Message: 0.8444218515250481\"}";
    assertThat(new AlertView("node-1").withServer(alert))
      .isEqualTo("{\"key\": \"7\", \"message\": \"Sending Message: 0.8444218515250481\", \"server\": \"node-1\"}");
  }
}
