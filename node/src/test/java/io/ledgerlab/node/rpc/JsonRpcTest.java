package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The JSON-RPC dispatcher answers everything a client can send with a well-formed response or, for
 * notifications, with nothing, and never lets an exception out.
 */
class JsonRpcTest {
  /** Strict: a response with trailing bytes or duplicate keys does not count as JSON. */
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final ObjectMapper LENIENT = new ObjectMapper();

  private static final List<String> METHODS = List.of("add", "boom", "echo", "hash_length", "miss");

  private final JsonRpc rpc =
      new JsonRpc(
          Map.of(
              "echo", p -> TextNode.valueOf(p.string("text", 0)),
              "add", p -> LongNode.valueOf(p.anyLong("a", 0) + p.anyLong("b", 1)),
              "hash_length", p -> IntNode.valueOf(p.hex("hash", 0, 32).length),
              "boom",
                  p -> {
                    throw new IllegalStateException("the method broke");
                  },
              "miss",
                  p -> {
                    throw new RpcError(
                        RpcError.NOT_FOUND, "nothing at " + p.nonNegativeLong("at", 0));
                  }));

  // ---- Parse errors and invalid requests ------------------------------------------------------

  @Test
  void garbageIsAParseError() {
    JsonNode r = answer("{\"jsonrpc\": \"2.0\", \"method\": ");
    assertError(r, RpcError.PARSE_ERROR);
    assertThat(r.get("id").isNull()).isTrue();
    assertError(answer("not json at all"), RpcError.PARSE_ERROR);
  }

  @Test
  void anEmptyBodyIsAnInvalidRequest() {
    assertError(answer(""), RpcError.INVALID_REQUEST);
    assertError(answer("   \n"), RpcError.INVALID_REQUEST);
  }

  @Test
  void aWrongOrMissingVersionIsAnInvalidRequest() {
    JsonNode r = answer("{\"jsonrpc\":\"1.0\",\"method\":\"echo\",\"params\":[\"x\"],\"id\":7}");
    assertError(r, RpcError.INVALID_REQUEST);
    assertThat(r.get("id").asInt()).isEqualTo(7);
    assertThat(r.at("/error/message").asText()).contains("jsonrpc");
    assertError(
        answer("{\"method\":\"echo\",\"params\":[\"x\"],\"id\":7}"), RpcError.INVALID_REQUEST);
  }

  /** The spec says "a String ... MUST be exactly "2.0"": the number 2.0 is not that string. */
  @Test
  void theNumberTwoIsNotTheVersionString() {
    assertError(
        answer("{\"jsonrpc\":2.0,\"method\":\"echo\",\"params\":[\"x\"],\"id\":1}"),
        RpcError.INVALID_REQUEST);
  }

  @Test
  void aMethodThatIsNotAStringIsAnInvalidRequest() {
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"method\":42,\"id\":\"a\"}");
    assertError(r, RpcError.INVALID_REQUEST);
    assertThat(r.get("id").asText()).isEqualTo("a");
    assertThat(r.at("/error/message").asText()).contains("method");
    assertError(answer("{\"jsonrpc\":\"2.0\",\"id\":1}"), RpcError.INVALID_REQUEST);
  }

  @Test
  void scalarParamsAreAnInvalidRequest() {
    for (String params : List.of("\"x\"", "3", "true")) {
      JsonNode r =
          answer("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":" + params + ",\"id\":1}");
      assertError(r, RpcError.INVALID_REQUEST);
      assertThat(r.at("/error/message").asText()).as(params).contains("params");
    }
  }

  @Test
  void anIdThatIsAnObjectOrArrayIsAnInvalidRequestWithANullId() {
    for (String id : List.of("{\"a\":1}", "[1]", "true")) {
      JsonNode r =
          answer("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"x\"],\"id\":" + id + "}");
      assertError(r, RpcError.INVALID_REQUEST);
      assertThat(r.get("id").isNull()).as(id).isTrue();
    }
  }

  @Test
  void anEmptyBatchIsAnInvalidRequest() {
    JsonNode r = answer("[]");
    assertThat(r.isObject()).as("one error, not an array").isTrue();
    assertError(r, RpcError.INVALID_REQUEST);
  }

  @Test
  void aBatchOverTheLimitIsRefusedAsAWhole() {
    JsonNode r = answer(batchOfEchoes(JsonRpc.BATCH_CALLS_MAX + 1));
    assertThat(r.isObject()).isTrue();
    assertError(r, RpcError.INVALID_REQUEST);
    assertThat(r.at("/error/message").asText())
        .contains(String.valueOf(JsonRpc.BATCH_CALLS_MAX + 1));

    JsonNode full = answer(batchOfEchoes(JsonRpc.BATCH_CALLS_MAX));
    assertThat(full.isArray()).isTrue();
    assertThat(full).hasSize(JsonRpc.BATCH_CALLS_MAX);
  }

  @Test
  void aBatchEntryThatIsNotAnObjectGetsItsOwnError() {
    JsonNode r = answer("[1, \"x\", null]");
    assertThat(r).hasSize(3);
    r.forEach(e -> assertError(e, RpcError.INVALID_REQUEST));
  }

  // ---- Methods and params ---------------------------------------------------------------------

  @Test
  void anUnknownMethodIsNotFoundAndTheErrorListsTheMethods() {
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":3}");
    assertError(r, RpcError.METHOD_NOT_FOUND);
    assertThat(r.get("id").asInt()).isEqualTo(3);
    assertThat(r.at("/error/message").asText()).contains("'nope'").contains(METHODS.toString());
  }

  @Test
  void aVeryLongUnknownMethodNameIsAbbreviatedInTheError() {
    String name = "m".repeat(10_000);
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"method\":\"" + name + "\",\"id\":3}");
    assertError(r, RpcError.METHOD_NOT_FOUND);
    assertThat(r.at("/error/message").asText()).hasSizeLessThan(500);
  }

  @Test
  void paramsByNameAndByPositionGiveTheSameResult() {
    assertThat(answer(call("add", "{\"a\":2,\"b\":40}", "1")).get("result").asLong()).isEqualTo(42);
    assertThat(answer(call("add", "[2, 40]", "1")).get("result").asLong()).isEqualTo(42);
    assertThat(answer(call("echo", "{\"text\":\"hi\"}", "\"x\"")))
        .isEqualTo(json("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":\"x\"}"));
  }

  @Test
  void aMissingParamIsInvalidParamsNamingIt() {
    assertInvalidParam(call("echo", "{}", "1"), "text");
    assertInvalidParam(call("echo", null, "1"), "text");
    assertInvalidParam(call("add", "[1]", "1"), "'b'");
    assertInvalidParam(call("echo", "{\"text\":null}", "1"), "text");
  }

  @Test
  void aParamOfTheWrongTypeIsInvalidParamsNamingIt() {
    assertInvalidParam(call("echo", "{\"text\":5}", "1"), "'text'");
    assertInvalidParam(call("add", "{\"a\":\"2\",\"b\":1}", "1"), "'a'");
    assertInvalidParam(call("add", "{\"a\":1.5,\"b\":1}", "1"), "'a'");
    assertInvalidParam(call("add", "{\"a\":1e30,\"b\":1}", "1"), "'a'");
    assertInvalidParam(call("add", "{\"a\":123456789012345678901234567890,\"b\":1}", "1"), "'a'");
    assertInvalidParam(call("miss", "{\"at\":-1}", "1"), "'at'");
  }

  @Test
  void badHexIsInvalidParamsNamingIt() {
    String good = "ab".repeat(32);
    assertThat(answer(call("hash_length", "[\"" + good + "\"]", "1")).get("result").asInt())
        .isEqualTo(32);
    for (String hex :
        List.of(
            "zz".repeat(32), // not hex digits
            "ab".repeat(31), // too short
            "ab".repeat(33), // too long
            "a".repeat(63), // odd length
            "0x" + "ab".repeat(31), // a prefix is not accepted
            "")) {
      assertInvalidParam(call("hash_length", "{\"hash\":\"" + hex + "\"}", "1"), "'hash'");
    }
  }

  /**
   * {@code Character.digit} accepts digits of every script, such as the full-width 'Ａ'; the hex
   * parser behind it does not. A hex param holding one must be refused as invalid params, not crash
   * the method with an internal error.
   */
  @Test
  void nonAsciiDigitsAreNotHex() {
    for (String digit : List.of("\uFF21", "\u0663", "\uFF10")) {
      String hex = "a" + digit + "ab".repeat(31);
      assertInvalidParam(call("hash_length", "{\"hash\":\"" + hex + "\"}", "1"), "'hash'");
    }
  }

  @Test
  void anRpcErrorFromTheMethodKeepsItsCodeAndMessage() {
    JsonNode r = answer(call("miss", "{\"at\":9}", "5"));
    assertError(r, RpcError.NOT_FOUND);
    assertThat(r.at("/error/message").asText()).isEqualTo("nothing at 9");
    assertThat(r.get("id").asInt()).isEqualTo(5);
  }

  @Test
  void aMethodThatThrowsIsAnInternalErrorAndNothingEscapes() {
    JsonNode r = answer(call("boom", "[]", "11"));
    assertError(r, RpcError.INTERNAL_ERROR);
    assertThat(r.get("id").asInt()).isEqualTo(11);
    assertThat(r.at("/error/message").asText()).contains("the method broke");
  }

  // ---- Notifications and batches --------------------------------------------------------------

  @Test
  void notificationsGetNoResponseWhateverHappens() {
    assertThat(rpc.handle(bytes(call("echo", "[\"x\"]", null)))).isEmpty();
    assertThat(rpc.handle(bytes(call("nope", "[]", null)))).isEmpty();
    assertThat(rpc.handle(bytes(call("boom", "[]", null)))).isEmpty();
    assertThat(rpc.handle(bytes(call("echo", "[5]", null)))).isEmpty();
    assertThat(rpc.handle(bytes("[" + call("echo", "[\"x\"]", null) + "]"))).isEmpty();
  }

  @Test
  void aNullIdIsARequestNotANotification() {
    JsonNode r = answer(call("echo", "[\"x\"]", "null"));
    assertThat(r.get("result").asText()).isEqualTo("x");
    assertThat(r.has("id")).isTrue();
    assertThat(r.get("id").isNull()).isTrue();
  }

  @Test
  void aBatchAnswersEachCallInOrderAndSkipsNotifications() {
    String batch =
        "["
            + String.join(
                ",",
                call("add", "[1,2]", "\"first\""),
                call("nope", "[]", "2"),
                call("echo", "[\"quiet\"]", null),
                "17",
                call("boom", "[]", "4"),
                call("echo", "{\"text\":5}", "5"),
                call("echo", "[\"last\"]", "6"))
            + "]";
    JsonNode r = answer(batch);
    assertThat(r.isArray()).isTrue();
    List<String> ids = new ArrayList<>();
    r.forEach(e -> ids.add(e.get("id").asText()));
    assertThat(ids).containsExactly("first", "2", "null", "4", "5", "6");
    assertThat(r.get(0).get("result").asLong()).isEqualTo(3);
    assertError(r.get(1), RpcError.METHOD_NOT_FOUND);
    assertError(r.get(2), RpcError.INVALID_REQUEST);
    assertError(r.get(3), RpcError.INTERNAL_ERROR);
    assertError(r.get(4), RpcError.INVALID_PARAMS);
    assertThat(r.get(5).get("result").asText()).isEqualTo("last");
  }

  @Test
  void aNestedBatchIsOneInvalidCall() {
    JsonNode r = answer("[[" + call("echo", "[\"x\"]", "1") + "]]");
    assertThat(r).hasSize(1);
    assertError(r.get(0), RpcError.INVALID_REQUEST);
  }

  // ---- Deep nesting ---------------------------------------------------------------------------

  @Test
  void deeplyNestedArraysAreAnErrorNotAStackOverflow() {
    assertError(answer("[".repeat(100_000)), RpcError.PARSE_ERROR);
    assertError(answer("[".repeat(100_000) + "]".repeat(100_000)), RpcError.PARSE_ERROR);
  }

  @Test
  void deeplyNestedObjectsAreAnErrorNotAStackOverflow() {
    assertError(answer("{\"a\":".repeat(100_000)), RpcError.PARSE_ERROR);
    String params = "{\"a\":[".repeat(50_000) + "]}".repeat(50_000);
    assertError(
        answer("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":" + params + ",\"id\":1}"),
        RpcError.PARSE_ERROR);
  }

  @Test
  void nestingTheParserAcceptsIsAnsweredNormally() {
    String params = "[".repeat(900) + "]".repeat(900);
    JsonNode r = answer(call("echo", params, "1"));
    assertError(r, RpcError.INVALID_PARAMS);
  }

  // ---- Properties -----------------------------------------------------------------------------

  @Property(tries = 1_000)
  void anyBytesAreAnsweredWithWellFormedJsonRpc(@ForAll("bodies") byte[] body) {
    check(body);
  }

  @Property(tries = 1_000)
  void anyJsonIshTextIsAnsweredWithWellFormedJsonRpc(@ForAll("jsonIsh") String text) {
    check(bytes(text));
  }

  @Property(tries = 1_000)
  void aRequestWithAValidIdIsAnsweredWithThatId(@ForAll("requestsWithIds") String request)
      throws IOException {
    JsonNode id = LENIENT.readTree(bytes(request)).get("id");
    Optional<byte[]> response = check(bytes(request));
    assertThat(response).as("a request with an id gets an answer").isPresent();
    JsonNode r = STRICT.readTree(response.get());
    assertThat(r.get("id")).as("%s", request).isEqualTo(id);
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    // Byte-order marks and zero bytes make the parser guess UTF-16 or UTF-32.
    Arbitrary<byte[]> encodings =
        Combinators.combine(
                Arbitraries.of(
                    new byte[] {0, 0, 0, '['},
                    new byte[] {0, 0, (byte) 0xfe, (byte) 0xff},
                    new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0},
                    new byte[] {(byte) 0xfe, (byte) 0xff},
                    new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                    new byte[] {0, '{'},
                    new byte[] {'{', 0}),
                random)
            .as(JsonRpcTest::concat);
    Arbitrary<byte[]> mangledJson =
        Combinators.combine(jsonIsh(), Arbitraries.integers().between(0, 200), random)
            .as((text, at, noise) -> concat(cut(bytes(text), at), noise));
    return Arbitraries.oneOf(random, encodings, mangledJson);
  }

  @Provide
  Arbitrary<String> jsonIsh() {
    Arbitrary<String> whole =
        Arbitraries.frequencyOf(
            Tuple.of(3, request()),
            Tuple.of(2, batch()),
            Tuple.of(2, value()),
            Tuple.of(1, Arbitraries.just("[".repeat(5_000))),
            Tuple.of(1, Arbitraries.just("{\"a\":".repeat(5_000))));
    Arbitrary<String> truncated =
        Combinators.combine(whole, Arbitraries.integers().between(0, 400))
            .as((text, at) -> text.substring(0, Math.min(at, text.length())));
    Arbitrary<String> spliced =
        Combinators.combine(whole, Arbitraries.integers().between(0, 400), token())
            .as(
                (text, at, t) -> {
                  int i = Math.min(at, text.length());
                  return text.substring(0, i) + t + text.substring(i);
                });
    return Arbitraries.frequencyOf(
        Tuple.of(6, whole), Tuple.of(2, truncated), Tuple.of(2, spliced));
  }

  @Provide
  Arbitrary<String> requestsWithIds() {
    Arbitrary<String> id =
        Arbitraries.oneOf(
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of(
                "null", "0", "-0", "1.5", "\"\"", "\"x\"", "123456789012345678901234567890"),
            Arbitraries.strings().ofMaxLength(20).map(JsonRpcTest::quote));
    Arbitrary<String> params = Arbitraries.recursive(() -> scalar(false), this::compound, 0, 3);
    return Combinators.combine(
            member("jsonrpc", version()), member("method", method()), member("params", params), id)
        .as((v, m, p, i) -> "{" + joinMembers(v, m, p, "\"id\":" + i) + "}");
  }

  // ---- The JSON-ish grammar -------------------------------------------------------------------

  private Arbitrary<String> request() {
    return Combinators.combine(
            member("jsonrpc", version()),
            member("method", method()),
            member("params", Arbitraries.oneOf(params(), value())),
            member("id", value()),
            member("extra", value()))
        .as((v, m, p, i, x) -> "{" + joinMembers(v, m, p, i, x) + "}");
  }

  private Arbitrary<String> batch() {
    return Arbitraries.oneOf(request(), value())
        .list()
        .ofMaxSize(6)
        .map(calls -> "[" + String.join(",", calls) + "]");
  }

  private Arbitrary<String> version() {
    return Arbitraries.oneOf(
        Arbitraries.of("\"2.0\"", "\"2.0\"", "\"1.0\"", "2.0", "2", "null", "\"2.0 \""),
        Arbitraries.recursive(() -> scalar(false), this::compound, 0, 2));
  }

  private Arbitrary<String> method() {
    return Arbitraries.oneOf(
        Arbitraries.of(METHODS).map(JsonRpcTest::quote),
        Arbitraries.of("\"nope\"", "\"\"", "\"\\ud800\"", "1", "null", "[]", "{}"),
        Arbitraries.strings().ofMaxLength(10).map(JsonRpcTest::quote));
  }

  private Arbitrary<String> params() {
    Arbitrary<String> named =
        Combinators.combine(
                member("text", value()),
                member("a", value()),
                member("b", value()),
                member("hash", hex()),
                member("at", value()))
            .as((t, a, b, h, at) -> "{" + joinMembers(t, a, b, h, at) + "}");
    Arbitrary<String> positional =
        Arbitraries.oneOf(value(), hex())
            .list()
            .ofMaxSize(3)
            .map(v -> "[" + String.join(",", v) + "]");
    return Arbitraries.oneOf(named, positional);
  }

  private Arbitrary<String> hex() {
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMaxLength(70),
            Arbitraries.strings().withChars("0123456789abcdefxyz\uFF21\u0663").ofMaxLength(70))
        .map(JsonRpcTest::quote);
  }

  /** {@code "name":value}, or nothing (an empty string) for an absent member. */
  private static Arbitrary<String> member(String name, Arbitrary<String> value) {
    return Arbitraries.frequencyOf(
        Tuple.of(4, value.map(v -> quote(name) + ":" + v)), Tuple.of(1, Arbitraries.just("")));
  }

  private Arbitrary<String> value() {
    return Arbitraries.recursive(() -> scalar(true), this::compound, 0, 4);
  }

  private Arbitrary<String> compound(Arbitrary<String> inner) {
    Arbitrary<String> array =
        inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> key =
        Arbitraries.oneOf(
            Arbitraries.of("jsonrpc", "method", "params", "id", "text", "a", "hash"),
            Arbitraries.strings().alpha().ofMaxLength(6));
    Arbitrary<String> object =
        Combinators.combine(key, inner)
            .as((k, v) -> quote(k) + ":" + v)
            .list()
            .ofMaxSize(4)
            .map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.oneOf(inner, array, object);
  }

  /** A JSON scalar, or with {@code malformed} now and then something that only looks like one. */
  private Arbitrary<String> scalar(boolean malformed) {
    Arbitrary<String> wellFormed =
        Arbitraries.oneOf(
            Arbitraries.of(
                "null",
                "true",
                "false",
                "0",
                "-0",
                "1.5",
                "-7",
                "1e400",
                "-1e-400",
                "123456789012345678901234567890",
                "\"2.0\"",
                "\"\"",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"\\uD83D\\uDE00\""),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.strings().ofMaxLength(12).map(JsonRpcTest::quote));
    if (!malformed) {
      return wellFormed;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(9, wellFormed),
        Tuple.of(1, Arbitraries.of("NaN", "'single'", "tru", "01", "+1", "0x10", "1.")));
  }

  private Arbitrary<String> token() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "'", "//", "/*", "\uFFFF"),
        scalar(true));
  }

  private static String joinMembers(String... members) {
    return java.util.Arrays.stream(members)
        .filter(m -> !m.isEmpty())
        .collect(Collectors.joining(","));
  }

  // ---- Checks ---------------------------------------------------------------------------------

  /** Handles {@code body}, which must not throw, and checks the answer, if any. */
  private Optional<byte[]> check(byte[] body) {
    Optional<byte[]> response;
    try {
      response = rpc.handle(body);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("handle threw on " + printable(body), e);
    }
    if (response.isEmpty()) {
      assertThat(parses(body)).as("only a parsable body may go unanswered").isTrue();
      return response;
    }
    JsonNode r;
    try {
      r = STRICT.readTree(response.get());
    } catch (IOException e) {
      throw new AssertionError(
          "the answer to " + printable(body) + " is not JSON: " + printable(response.get()), e);
    }
    if (r.isArray()) {
      assertThat(r).as("a batch answer is not empty").isNotEmpty();
      assertThat(r.size()).isLessThanOrEqualTo(JsonRpc.BATCH_CALLS_MAX);
      r.forEach(JsonRpcTest::assertResponse);
    } else {
      assertResponse(r);
    }
    if (!parses(body)) {
      assertError(r, RpcError.PARSE_ERROR);
    }
    return response;
  }

  private static void assertResponse(JsonNode r) {
    assertThat(r.isObject()).as("a response is an object: %s", r).isTrue();
    assertThat(r.get("jsonrpc")).as("%s", r).isEqualTo(TextNode.valueOf("2.0"));
    assertThat(r.has("result") ^ r.has("error")).as("result xor error: %s", r).isTrue();
    JsonNode id = r.get("id");
    assertThat(id).as("an id: %s", r).isNotNull();
    assertThat(id.isTextual() || id.isNumber() || id.isNull()).as("id type: %s", r).isTrue();
    if (r.has("error")) {
      assertThat(r.at("/error/code").isInt()).as("integer code: %s", r).isTrue();
      assertThat(r.at("/error/message").isTextual()).as("message: %s", r).isTrue();
    }
    assertThat(r.size()).as("no other members: %s", r).isEqualTo(3);
  }

  private static boolean parses(byte[] body) {
    try {
      LENIENT.readTree(body);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private JsonNode answer(String body) {
    Optional<byte[]> response = check(bytes(body));
    assertThat(response).as("an answer to %s", abbreviate(body)).isPresent();
    try {
      return STRICT.readTree(response.get());
    } catch (IOException e) {
      return fail("not JSON", e);
    }
  }

  private static void assertError(JsonNode response, int code) {
    assertThat(response.has("result")).as("no result in %s", response).isFalse();
    assertThat(response.at("/error/code").asInt()).as("code in %s", response).isEqualTo(code);
    assertThat(response.at("/error/message").asText()).isNotBlank();
  }

  private void assertInvalidParam(String request, String param) {
    JsonNode r = answer(request);
    assertError(r, RpcError.INVALID_PARAMS);
    assertThat(r.at("/error/message").asText()).as("%s", request).contains(param);
  }

  private static String call(String method, String params, String id) {
    return "{\"jsonrpc\":\"2.0\",\"method\":"
        + quote(method)
        + (params == null ? "" : ",\"params\":" + params)
        + (id == null ? "" : ",\"id\":" + id)
        + "}";
  }

  private static String batchOfEchoes(int calls) {
    return IntStream.range(0, calls)
        .mapToObj(i -> call("echo", "[\"" + i + "\"]", String.valueOf(i)))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static JsonNode json(String text) {
    try {
      return STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static String quote(String s) {
    return JsonNodeFactory.instance.textNode(s).toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] cut(byte[] b, int at) {
    return java.util.Arrays.copyOf(b, Math.min(at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String printable(byte[] b) {
    return abbreviate(new String(b, StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
  }
}
