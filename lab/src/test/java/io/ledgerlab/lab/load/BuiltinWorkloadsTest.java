package io.ledgerlab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.tx.Payload;
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

  private static List<Address> accounts(int n) {
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[Address.LENGTH];
      b[0] = (byte) i;
      b[1] = (byte) (i >> 8);
      out.add(Address.of(b));
    }
    return out;
  }

  private static Workload create(
      String kind, int accounts, long seed, Map<String, String> options) {
    return Workloads.available()
        .get(kind)
        .create(new WorkloadProvider.Context(accounts(accounts), seed), options);
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

    assertThat(available).containsKeys("transfer", "kv", "noop");
    assertThat(available.get("transfer")).isInstanceOf(BuiltinWorkloads.Transfer.class);
    assertThat(available.get("kv")).isInstanceOf(BuiltinWorkloads.Kv.class);
    assertThat(available.get("noop")).isInstanceOf(BuiltinWorkloads.Noop.class);
    available.forEach((kind, p) -> assertThat(p.kind()).isEqualTo(kind));
  }

  @Test
  void transferSendersTakeTurnsAndNeverPayThemselves() {
    List<Address> accounts = accounts(10);
    Workload w = create("transfer", 10, 1, Map.of("skew", "1.5"));

    for (int i = 0; i < OPS; i++) {
      Op.Tx tx = (Op.Tx) w.next(i);
      Payload.Transfer t = (Payload.Transfer) tx.payload();
      assertThat(tx.kind()).isEqualTo("transfer");
      assertThat(tx.sender()).isEqualTo(i % 10);
      assertThat(t.to()).isNotEqualTo(accounts.get(tx.sender()));
      assertThat(t.amount()).isEqualTo(1);
    }
  }

  @Test
  void transferRecipientsAreUniformWithoutSkew() {
    List<Address> accounts = accounts(4);
    int[] received = new int[4];
    Workload w = create("transfer", 4, 3, Map.of());

    for (int i = 0; i < OPS; i++) {
      Payload.Transfer t = (Payload.Transfer) ((Op.Tx) w.next(i)).payload();
      received[accounts.indexOf(t.to())]++;
    }

    for (int r : received) {
      assertThat((double) r / OPS).isCloseTo(0.25, within(0.02));
    }
  }

  @Test
  void kvMixCOnlyReads() {
    List<Op> ops = ops(create("kv", 10, 1, Map.of("mix", "c")), OPS);

    assertThat(ops).allSatisfy(op -> assertThat(op).isInstanceOf(Op.Query.class));
    Op.Query q = (Op.Query) ops.get(0);
    assertThat(q.kind()).isEqualTo("read");
    assertThat(q.chainCode()).isEqualTo(KvChainCode.NAME);
    assertThat(q.method()).isEqualTo("get");
  }

  @ParameterizedTest
  @CsvSource({"a, 0.50", "b, 0.95", "B, 0.95"})
  void kvMixesReadTheirShare(String mix, double readShare) {
    List<Op> ops = ops(create("kv", 10, 2, Map.of("mix", mix)), OPS);

    long reads = ops.stream().filter(op -> op instanceof Op.Query).count();

    assertThat((double) reads / OPS).isCloseTo(readShare, within(0.01));
  }

  @Test
  void kvUpdatesArePutsFromAccountsInTurn() {
    List<Op> ops = ops(create("kv", 3, 5, Map.of("valueBytes", "16", "records", "5")), 200);

    List<Op.Tx> updates =
        ops.stream().filter(op -> op instanceof Op.Tx).map(op -> (Op.Tx) op).toList();

    assertThat(updates).isNotEmpty();
    for (int i = 0; i < updates.size(); i++) {
      Op.Tx tx = updates.get(i);
      Payload.Call call = (Payload.Call) tx.payload();
      assertThat(tx.kind()).isEqualTo("update");
      assertThat(tx.sender()).isEqualTo(i % 3);
      assertThat(call.chainCode()).isEqualTo(KvChainCode.NAME);
      assertThat(call.method()).isEqualTo("put");
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
    return op instanceof Op.Query q ? q.args() : ((Payload.Call) ((Op.Tx) op).payload()).args();
  }

  @Test
  void noopDeletesOneKeyFromAccountsInTurn() {
    List<Op> ops = ops(create("noop", 7, 1, Map.of()), 20);

    for (int i = 0; i < ops.size(); i++) {
      Op.Tx tx = (Op.Tx) ops.get(i);
      Payload.Call call = (Payload.Call) tx.payload();
      assertThat(tx.sender()).isEqualTo(i % 7);
      assertThat(call.method()).isEqualTo("delete");
      assertThat(Arrays.equals(call.args(), bytes(ops.get(0)))).isTrue();
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
}
