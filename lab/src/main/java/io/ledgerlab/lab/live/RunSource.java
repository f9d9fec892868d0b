package io.ledgerlab.lab.live;

import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.nemesis.FaultWindows;
import io.ledgerlab.lab.run.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A running scenario as the pipeline holds it: the engine's nodes and endpoints, the nemesis's
 * faults in force (its fault windows still open), and the workload's recorder.
 */
public final class RunSource implements LiveSource {
  private final Pipeline.Live run;

  public RunSource(Pipeline.Live run) {
    this.run = run;
  }

  @Override
  public List<NodeEndpoint> nodes() {
    Engine e = run.engine();
    List<NodeEndpoint> out = new ArrayList<>();
    for (String n : e.nodes()) {
      out.add(
          new NodeEndpoint(n, e.status(n).name().toLowerCase(Locale.ROOT), e.rpcEndpoint(n), null));
    }
    return out;
  }

  @Override
  public List<FaultInForce> faults() {
    List<FaultInForce> out = new ArrayList<>();
    for (FaultWindows.Window w : run.faults().all()) {
      if (w.endSeconds() == null) {
        out.add(new FaultInForce(w.fault(), w.target()));
      }
    }
    return out;
  }

  @Override
  public Optional<LoadView> load() {
    if (run.recorder().submittedTotal() == 0) {
      return Optional.empty();
    }
    int nowSecond = (int) (run.engine().timeline().nowMicros() / 1_000_000);
    return Optional.of(LoadView.of(run.recorder(), nowSecond));
  }
}
