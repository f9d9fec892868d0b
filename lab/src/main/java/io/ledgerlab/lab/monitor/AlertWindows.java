package io.ledgerlab.lab.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.report.RunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the answer to a {@code query_range} of {@code ALERTS{alertstate="firing"}} into windows:
 * per alert and labels, each run of consecutive steps at which it fired is one window. A gap of
 * more than one and a half steps ends a window. A window ends one step after the last step that
 * found the alert firing (it fired until at least then; a single firing evaluation is one step
 * long, not zero), but not past the query's end.
 */
public final class AlertWindows {
  /** The query whose answer {@link #of} reads. */
  public static final String FIRING = "ALERTS{alertstate=\"firing\"}";

  private AlertWindows() {}

  /**
   * @param matrix the {@code data} of the answer: {@code resultType} matrix
   * @param zeroEpochSeconds the run's second 0, in seconds since the epoch
   * @param stepSeconds the query's step
   * @param endEpochSeconds the query's end: a window that reaches it still fired then
   */
  public static List<RunSummary.Alert> of(
      JsonNode matrix, double zeroEpochSeconds, double stepSeconds, double endEpochSeconds) {
    if (!"matrix".equals(matrix.path("resultType").asText())) {
      throw new IllegalArgumentException(
          "expected a matrix from query_range, got '" + matrix.path("resultType").asText() + "'");
    }
    List<RunSummary.Alert> out = new ArrayList<>();
    for (JsonNode series : matrix.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      String name = "";
      for (Iterator<Map.Entry<String, JsonNode>> it = series.path("metric").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> l = it.next();
        switch (l.getKey()) {
          case "alertname" -> name = l.getValue().asText();
          case "alertstate", "__name__" -> {}
          default -> labels.put(l.getKey(), l.getValue().asText());
        }
      }
      double first = Double.NaN;
      double last = Double.NaN;
      for (JsonNode point : series.path("values")) {
        double at = point.path(0).asDouble();
        if (!Double.isNaN(last) && at - last > 1.5 * stepSeconds) {
          out.add(window(name, labels, first, last + stepSeconds, zeroEpochSeconds, false));
          first = Double.NaN;
        }
        if (Double.isNaN(first)) {
          first = at;
        }
        last = at;
      }
      if (!Double.isNaN(first)) {
        boolean atEnd = endEpochSeconds - last <= 1.5 * stepSeconds;
        double until = Math.min(last + stepSeconds, Math.max(last, endEpochSeconds));
        out.add(window(name, labels, first, until, zeroEpochSeconds, atEnd));
      }
    }
    out.sort(
        Comparator.comparingDouble(RunSummary.Alert::start)
            .thenComparing(RunSummary.Alert::alert)
            .thenComparing(a -> a.labels().toString()));
    return out;
  }

  private static RunSummary.Alert window(
      String name,
      Map<String, String> labels,
      double first,
      double until,
      double zero,
      boolean firingAtEnd) {
    return new RunSummary.Alert(
        name, labels, round(first - zero), round(until - zero), firingAtEnd);
  }

  /** Milliseconds are the precision of a rule evaluation's time. */
  private static double round(double seconds) {
    return Math.round(seconds * 1_000) / 1_000.0;
  }

  /**
   * The labels as a reader scans them: {@code node=n3, role=validator}, job and instance left out.
   */
  public static String labels(RunSummary.Alert a) {
    StringBuilder sb = new StringBuilder();
    a.labels()
        .forEach(
            (k, v) -> {
              if (!k.equals("job") && !k.equals("instance") && !k.equals("severity")) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v);
              }
            });
    return sb.toString();
  }
}
