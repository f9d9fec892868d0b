package io.ledgerlab.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeededEntropyTest {
  @Test
  void sameSeedSameStream() {
    assertThat(SeededEntropy.of(7).nextLong()).isEqualTo(SeededEntropy.of(7).nextLong());
    assertThat(SeededEntropy.of(7).nextLong()).isNotEqualTo(SeededEntropy.of(8).nextLong());
  }

  @Test
  void forkedStreamDoesNotDependOnWhatTheParentDrew() {
    SeededEntropy a = SeededEntropy.of(42);
    SeededEntropy b = SeededEntropy.of(42);
    b.nextLong();
    b.nextLong();
    assertThat(a.fork("node/n1").nextLong()).isEqualTo(b.fork("node/n1").nextLong());
    assertThat(a.fork("node/n1").nextLong()).isNotEqualTo(a.fork("node/n2").nextLong());
  }
}
