package io.ledgerlab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ledgerlab.lab.target.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in workload kinds, found through the SPI as a custom kind would be. */
class BuiltinWorkloadsTest {
  private static final int OPS = 20_000;

  private static Workload create(
      String kind, int accounts, long seed, Map<String, String> options) {
    return Workloads.available()
        .get(kind)
        .create(new WorkloadProvider.Context(accounts, seed), options);
  }

  private static List<Op> ops(Workload w, int count) {
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(w.next(i));
    }
    return out;
  }

  @Test
  void theBuiltInsAreRegisteredThroughTheServiceLoader() {
    Map<String, WorkloadProvider> available = Workloads.available();

    assertThat(available).containsKeys("transfer", "erc20", "kv", "noop");
    assertThat(available.get("transfer")).isInstanceOf(BuiltinWorkloads.Transfer.class);
    assertThat(available.get("kv")).isInstanceOf(BuiltinWorkloads.Kv.class);
    assertThat(available.get("noop")).isInstanceOf(BuiltinWorkloads.Noop.class);
    available.forEach((kind, p) -> assertThat(p.kind()).isEqualTo(kind));
  }

  @Test
  void transferSendersTakeTurnsAndNeverPayThemselves() {
    Workload w = create("transfer", 10, 1, Map.of("skew", "1.5"));

    for (int i = 0; i < OPS; i++) {
      Op.Transfer t = (Op.Transfer) w.next(i);
      assertThat(t.label()).isEqualTo("transfer");
      assertThat(t.sender()).isEqualTo(i % 10);
      assertThat(t.to()).isNotEqualTo(t.sender());
      assertThat(t.amount()).isEqualTo(1);
    }
  }

  @Test
  void erc20ApprovesItsShareOfTheRecipientsAndTransfersTheRest() {
    Workload w = create("erc20", 10, 1, Map.of("approvals", "0.3"));

    long approvals = 0;
    for (int i = 0; i < OPS; i++) {
      Op op = w.next(i);
      assertThat(((Op.Tx) op).sender()).isEqualTo(i % 10);
      if (op instanceof Op.Approve a) {
        approvals++;
        assertThat(a.spender()).isNotEqualTo(a.sender());
        assertThat(a.amount()).isBetween(1L, 1000L);
      } else {
        assertThat(op).isInstanceOf(Op.Transfer.class);
      }
    }
    assertThat(approvals / (double) OPS).isCloseTo(0.3, within(0.02));
    assertThat(ops(create("erc20", 10, 1, Map.of()), 100))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(ops(create("erc20", 10, 1, Map.of()), 100));
    assertThatThrownBy(() -> create("erc20", 10, 1, Map.of("approvals", "2")))
        .hasMessageContaining("workload.options.approvals: expected a share from 0 to 1");
  }

  @Test
  void transferRecipientsAreUniformWithoutSkew() {
    int[] received = new int[4];
    Workload w = create("transfer", 4, 3, Map.of());

    for (int i = 0; i < OPS; i++) {
      received[((Op.Transfer) w.next(i)).to()]++;
    }

    for (int r : received) {
      assertThat((double) r / OPS).isCloseTo(0.25, within(0.02));
    }
  }

  @Test
  void kvMixCOnlyReads() {
    List<Op> ops = ops(create("kv", 10, 1, Map.of("mix", "c")), OPS);

    assertThat(ops).allSatisfy(op -> assertThat(op).isInstanceOf(Op.Get.class));
    assertThat(ops.get(0).label()).isEqualTo("read");
  }

  @ParameterizedTest
  @CsvSource({"a, 0.50", "b, 0.95", "B, 0.95"})
  void kvMixesReadTheirShare(String mix, double readShare) {
    List<Op> ops = ops(create("kv", 10, 2, Map.of("mix", mix)), OPS);

    long reads = ops.stream().filter(op -> op instanceof Op.Get).count();

    assertThat((double) reads / OPS).isCloseTo(readShare, within(0.01));
  }

  @Test
  void kvUpdatesArePutsFromAccountsInTurn() {
    List<Op> ops = ops(create("kv", 3, 5, Map.of("valueBytes", "16", "records", "5")), 200);

    List<Op.Put> updates =
        ops.stream().filter(op -> op instanceof Op.Tx).map(op -> (Op.Put) op).toList();

    assertThat(updates).isNotEmpty();
    for (int i = 0; i < updates.size(); i++) {
      Op.Put put = updates.get(i);
      assertThat(put.label()).isEqualTo("update");
      assertThat(put.sender()).isEqualTo(i % 3);
      assertThat(put.value()).hasSize(16);
    }
  }

  @Test
  void kvIsDeterministicForItsSeed() {
    List<Op> a = ops(create("kv", 10, 9, Map.of()), 500);
    List<Op> b = ops(create("kv", 10, 9, Map.of()), 500);

    for (int i = 0; i < a.size(); i++) {
      assertThat(bytes(a.get(i))).isEqualTo(bytes(b.get(i)));
    }
  }

  private static byte[] bytes(Op op) {
    return op instanceof Op.Get g ? g.key() : ((Op.Put) op).value();
  }

  @Test
  void noopDeletesOneKeyFromAccountsInTurn() {
    List<Op> ops = ops(create("noop", 7, 1, Map.of()), 20);

    for (int i = 0; i < ops.size(); i++) {
      Op.Delete delete = (Op.Delete) ops.get(i);
      assertThat(delete.sender()).isEqualTo(i % 7);
      assertThat(Arrays.equals(delete.key(), ((Op.Delete) ops.get(0)).key())).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "transfer, mix, workload.options.mix: unknown option; expected one of [skew]",
    "noop, skew, workload.options.skew: unknown option; expected one of []",
    "kv, colour, workload.options.colour: unknown option"
  })
  void unknownOptionsAreRejectedByName(String kind, String option, String message) {
    assertThatThrownBy(() -> create(kind, 4, 1, Map.of(option, "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void badOptionValuesAreRejectedByName() {
    assertThatThrownBy(() -> create("transfer", 4, 1, Map.of("skew", "high")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workload.options.skew: expected a number, got 'high'");
    assertThatThrownBy(() -> create("kv", 4, 1, Map.of("mix", "d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workload.options.mix: expected a, b or c (YCSB), got 'd'");
    assertThatThrownBy(() -> create("kv", 4, 1, Map.of("valueBytes", "5000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valueBytes in [1, 4096]");
  }

  @Test
  void callSendsOneMethodOfAChainCodeWithTheArgsAsked() {
    List<Op> u64 =
        ops(create("call", 3, 7, Map.of("chainCode", "tally", "method", "add", "args", "u64")), 60);
    List<Op> again =
        ops(create("call", 3, 7, Map.of("chainCode", "tally", "method", "add", "args", "u64")), 60);
    List<Op> index =
        ops(
            create("call", 3, 7, Map.of("chainCode", "tally", "method", "add", "args", "index")),
            3);
    List<Op> hex =
        ops(
            create(
                "call", 3, 7, Map.of("chainCode", "tally", "method", "bump", "args", "hex:0a0b")),
            1);

    for (int i = 0; i < u64.size(); i++) {
      Op.Call c = (Op.Call) u64.get(i);
      assertThat(c.sender()).isEqualTo(i % 3);
      assertThat(c.chainCode()).isEqualTo("tally");
      assertThat(c.label()).isEqualTo("add");
      long v = java.nio.ByteBuffer.wrap(c.args()).getLong();
      assertThat(v).isBetween(1L, 1000L);
      assertThat(((Op.Call) again.get(i)).args()).as("same seed, same args").isEqualTo(c.args());
    }
    assertThat(java.nio.ByteBuffer.wrap(((Op.Call) index.get(2)).args()).getLong()).isEqualTo(2);
    assertThat(((Op.Call) hex.get(0)).args()).containsExactly(0x0a, 0x0b);
    assertThat(
            ((Op.Call) ops(create("call", 3, 7, Map.of("chainCode", "t", "method", "m")), 1).get(0))
                .args())
        .isEmpty();
  }

  @Test
  void callWithoutItsChainCodeOrWithBadArgsSaysWhichOption() {
    assertThatThrownBy(() -> create("call", 3, 7, Map.of("method", "add")))
        .hasMessage(
            "workload.options.chainCode: expected a lower-case name such as 'auction', got nothing");
    assertThatThrownBy(() -> create("call", 3, 7, Map.of("chainCode", "Tally", "method", "add")))
        .hasMessageContaining("workload.options.chainCode")
        .hasMessageContaining("got 'Tally'");
    assertThatThrownBy(
            () -> create("call", 3, 7, Map.of("chainCode", "t", "method", "m", "args", "hex:zz")))
        .hasMessageContaining("workload.options.args: expected hex digits");
    assertThatThrownBy(
            () -> create("call", 3, 7, Map.of("chainCode", "t", "method", "m", "args", "words")))
        .hasMessageContaining("expected empty, u64, index or hex:<bytes>, got 'words'");
    assertThatThrownBy(
            () -> create("call", 3, 7, Map.of("chainCode", "t", "method", "m", "x", "1")))
        .hasMessageContaining("workload.options.x: unknown option");
  }
}
