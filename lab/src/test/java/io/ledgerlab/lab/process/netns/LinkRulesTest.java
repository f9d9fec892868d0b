package io.ledgerlab.lab.process.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkRulesTest {
  private static final Map<String, String> ADDRESSES = new LinkedHashMap<>();

  static {
    ADDRESSES.put("a", "10.213.7.10");
    ADDRESSES.put("b", "10.213.7.11");
    ADDRESSES.put("c", "10.213.7.12");
  }

  @Test
  void aBlockedLinkDropsWhatTheSenderSendsThereAndNothingElse() {
    Map<Link, LinkState> links = Map.of(new Link("a", "b"), LinkState.blockedLink());

    assertThat(LinkRules.rules("a", links, ADDRESSES, false))
        .containsExactly("-d 10.213.7.11/32 -j DROP");
    // The way back is b's to send, and b has no rule.
    assertThat(LinkRules.rules("b", links, ADDRESSES, false)).isEmpty();
  }

  @Test
  void nodesThatSendOnTheirOwnConnectionsLoseOnlyThose() {
    Map<Link, LinkState> links = Map.of(new Link("a", "b"), LinkState.blockedLink());

    // a's acknowledgements of what b sends on the connection b opened still leave: b→a works.
    assertThat(LinkRules.rules("a", links, ADDRESSES, true))
        .containsExactly("-d 10.213.7.11/32 -m conntrack --ctdir ORIGINAL -j DROP");
  }

  @Test
  void lossIsARandomDropWithTheLinksProbability() {
    Map<Link, LinkState> links =
        Map.of(new Link("c", "a"), new LinkState(false, false, 0, 0, 0.25, 0));

    assertThat(LinkRules.rules("c", links, ADDRESSES, false))
        .containsExactly(
            "-d 10.213.7.10/32 -m statistic --mode random --probability 0.250000 -j DROP");
  }

  @Test
  void theRestoreInputDeclaresTheChainSoThatOldRulesGo() {
    String healthy = LinkRules.restoreInput("a", Map.of(), ADDRESSES, false);

    assertThat(healthy).isEqualTo("*filter\n:LEDGERLAB - [0:0]\nCOMMIT\n");
  }

  @Test
  void aDelayCannotBeARuleAndIsRefusedNamingTheLink() {
    Map<Link, LinkState> links =
        Map.of(new Link("a", "c"), new LinkState(false, false, 50_000, 0, 0, 0));

    assertThatThrownBy(() -> LinkRules.rules("a", links, ADDRESSES, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a→c")
        .hasMessageContaining("netem");
  }
}
