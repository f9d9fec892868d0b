package io.ledgerlab.ledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks every YAML reader runs first: strict UTF-8, no binary, no tabs in indentation. */
class SourceTextTest {
  @Test
  void utf8DecodesAndDropsAByteOrderMark() throws Exception {
    byte[] bytes = "\uFEFFa: \u00e9\u20ac\uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8);
    assertThat(SourceText.decode("s", bytes)).isEqualTo("a: \u00e9\u20ac\uD83D\uDE00\n");
  }

  @Test
  void aLatin1ByteIsPlacedByCharacterNotByByte() {
    byte[] bytes = "a: 1\n\u00e9\u00e9 \u00e9".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> SourceText.decode("s.yaml", bytes))
        .isInstanceOf(SourceText.Rejected.class)
        .hasMessage("s.yaml:2:1: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  }

  @Test
  void aTruncatedSequenceAtTheEndIsPlaced() {
    byte[] bytes = {'a', ':', ' ', (byte) 0xE2, (byte) 0x82};
    assertThatThrownBy(() -> SourceText.decode("s.yaml", bytes))
        .hasMessage("s.yaml:1:4: not UTF-8 text (byte 0xE2); save the file as UTF-8");
  }

  @Test
  void binaryFilesAreNamedByKind() {
    assertThatThrownBy(() -> SourceText.decode("s", new byte[] {0x1F, (byte) 0x8B, 8, 0}))
        .hasMessage("s: this is a gzip archive, not YAML text");
    assertThatThrownBy(() -> SourceText.decode("s", new byte[] {(byte) 0xFF, (byte) 0xFE, 'a', 0}))
        .hasMessage("s: this is UTF-16 text; save it as UTF-8");
  }

  @Test
  void tabsInIndentationArePlacedAtTheTab() {
    assertThatThrownBy(() -> SourceText.check("s", "a:\n  b: 1\n \t c: 2\n"))
        .hasMessage("s:3:2: tabs are not allowed for indentation in YAML; use spaces");
    assertThatThrownBy(() -> SourceText.check("s", "a:\n  - 1\n\t- 2\n"))
        .hasMessage("s:3:1: tabs are not allowed for indentation in YAML; use spaces");
  }

  @Test
  void tabsInBlockScalarsAndQuotedTextAreText() {
    assertThatCode(
            () ->
                SourceText.check(
                    "s",
                    "a: |\n  x\n  \ty\n\n  \tz\nb:\n  - c: >-\n      \tw\n  - 'it''s\n\tq'\n"
                        + "d: \"e \\\" #\n\tf\" # done\n"))
        .doesNotThrowAnyException();
  }

  @Test
  void aBlockScalarEndsWhereTheIndentationReturns() {
    assertThatThrownBy(() -> SourceText.check("s", "a: |\n  x\nb: 1\n\tc: 2\n"))
        .hasMessage("s:4:1: tabs are not allowed for indentation in YAML; use spaces");
  }

  @Test
  void aTabAfterTheTextIsNotIndentation() {
    assertThatCode(() -> SourceText.check("s", "a: 1\t# one\nb: x\ty\n"))
        .doesNotThrowAnyException();
  }

  @Test
  void controlCharactersArePlaced() {
    assertThatThrownBy(() -> SourceText.check("s", "a: 1\nb: \u0007\n"))
        .hasMessage("s:2:4: the control character U+0007 is not allowed in YAML text");
  }

  @Test
  void onlyCommentsAndMarkersAreNoContent() {
    assertThat(SourceText.onlyComments("# a\n\n---\n  # b\n...\n")).isTrue();
    assertThat(SourceText.onlyComments("# a\nb: 1\n")).isFalse();
  }

  @Test
  void aGenesisOfTheWrongTypeOrWithATabSaysSoPlainly() {
    GenesisParser parser = new GenesisParser();
    assertThatThrownBy(() -> parser.parse("g.yaml", "chainId: [a]\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("g.yaml:1:1: chainId: expected text, got a list");
    assertThatThrownBy(() -> parser.parse("g.yaml", "chainId: c\nvalidators:\n\t- name: a\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("g.yaml:3:1: tabs are not allowed for indentation in YAML; use spaces");
    assertThatThrownBy(() -> parser.parse("g.yaml", ""))
        .isInstanceOf(GenesisException.class)
        .hasMessage("g.yaml:1:1: the document is empty");
  }
}
