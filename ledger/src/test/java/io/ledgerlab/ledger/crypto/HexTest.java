package io.ledgerlab.ledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void decodesAsciiDigitsInEitherCaseWithOrWithoutPrefix() {
    assertThat(Hex.decode("00ff7A")).containsExactly(0x00, 0xff, 0x7a);
    assertThat(Hex.decode("0xAbCd")).containsExactly(0xab, 0xcd);
    assertThat(Hex.encode(Hex.decode("09afAF"))).isEqualTo("09afaf");
  }

  @Test
  void rejectsDigitsOfOtherScriptsAndFullWidthLetters() {
    // Character.digit takes both: ARABIC-INDIC DIGIT ONE and FULLWIDTH LATIN CAPITAL LETTER A.
    assertThatThrownBy(() -> Hex.decode("0\u0661"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> Hex.decode("\uFF210"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 0");
  }
}
