package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerlab.lab.check.Observations;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.report.RunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's Observers section, computed from the observers' events. */
class ObserverSummaryTest {

  @Test
  void participationProposersRoundChangesAndIntervalsComeFromTheObserverThatFollowedMost()
      throws Exception {
    Network network = ManifestParser.parse("t.yaml", "name: t\nobservers: 2\n");
    List<String> all = List.of("n0", "n1", "n2", "n3");
    Observations o =
        new Observations(
            List.of(
                block("o0", 1, "n0", 0, 0, List.of("n0", "n1", "n2"), List.of("n3")),
                block("o1", 1, "n0", 0, 0, all, List.of()),
                block("o1", 2, "n1", 1, 2_000_000, List.of("n0", "n1", "n2"), List.of("n3")),
                block("o1", 3, "n1", 0, 1_000_000, List.of("n1", "n2", "n3"), List.of("n0"))),
            List.of(new Observations.Divergence("o0", 4, "stateRoot", "aa", "bb", 9)),
            List.of(
                new Observations.Peer("o1", "n0", "v1", 1),
                new Observations.Peer("o1", "n0", "v2", 5),
                new Observations.Peer("o0", "n3", "v1", 1)));

    RunSummary.Observers s = Summaries.observers(network, o);

    assertThat(s.observers()).containsExactly("o0", "o1");
    assertThat(s.source()).isEqualTo("o1");
    assertThat(s.blocks()).isEqualTo(3);
    assertThat(s.divergences()).isEqualTo(1);
    assertThat(s.roundChanges()).isEqualTo(1);
    assertThat(s.meanIntervalSeconds()).isCloseTo(1.5, within(1e-9));
    assertThat(s.lastIntervalSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(s.validators())
        .containsExactly(
            new RunSummary.Participation("n0", 3, 2, 1, 100.0 / 3, 1),
            new RunSummary.Participation("n1", 3, 3, 0, 0, 2),
            new RunSummary.Participation("n2", 3, 3, 0, 0, 0),
            new RunSummary.Participation("n3", 3, 2, 1, 100.0 / 3, 0));
    // The version each observer learned last of each peer, by observer then peer.
    assertThat(s.peers())
        .containsExactly(
            new RunSummary.PeerVersion("o0", "n3", "v1"),
            new RunSummary.PeerVersion("o1", "n0", "v2"));
  }

  @Test
  void aNetworkWithoutObserversHasNoSectionAndSilentObserversAnEmptyOne() throws Exception {
    assertThat(Summaries.observers(ManifestParser.parse("t.yaml", "name: t\n"), Observations.NONE))
        .isNull();

    RunSummary.Observers s =
        Summaries.observers(
            ManifestParser.parse("t.yaml", "name: t\nobservers: 1\n"), Observations.NONE);

    assertThat(s.source()).isEmpty();
    assertThat(s.blocks()).isZero();
    assertThat(s.validators()).allSatisfy(v -> assertThat(v.missedPercent()).isZero());
  }

  @Test
  void theNetworkTableSaysWhichNodesObserve() throws Exception {
    RunSummary.NetworkInfo info =
        Summaries.network(ManifestParser.parse("t.yaml", "name: t\nobservers: 1\n"));

    assertThat(info.nodes())
        .extracting(RunSummary.NodeInfo::role)
        .containsExactly("honest", "honest", "honest", "honest", "observer");
    assertThat(info.tolerance()).isEqualTo("0 Byzantine of 4 is within f = 1");
  }

  private static Observations.Block block(
      String observer,
      long height,
      String proposer,
      long round,
      long interval,
      List<String> signers,
      List<String> missing) {
    return new Observations.Block(
        observer, height, proposer, round, interval, signers, missing, height);
  }
}
