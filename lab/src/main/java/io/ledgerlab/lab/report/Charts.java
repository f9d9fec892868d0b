package io.ledgerlab.lab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.jfree.svg.ViewBox;

/**
 * The report's charts: one {@link XYPlot} per chart, time in seconds on the x axis, the fault
 * windows shaded and labelled, the phase starts marked; drawn as SVG. Charts render without a
 * display: this class sets {@code java.awt.headless} before AWT is first touched here.
 */
final class Charts {
  static {
    // A report is drawn on CI machines and servers with no display.
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDTH_PX = 1100;
  static final int HEIGHT_PX = 380;

  /** A chart line has at most this many points; see {@link Downsample}. */
  static final int POINTS_PER_LINE_MAX = 600;

  /** Coordinates are written with this many decimals: finer than a pixel is wasted bytes. */
  static final int GEOMETRY_DECIMALS = 1;

  /** Colour-blind-safe line colours (Okabe and Ito); more lines reuse them. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0x56B4E9),
    new Color(0xD55E00),
    new Color(0x000000),
    new Color(0xF0E442),
  };

  private static final Paint FAULT_FILL = new Color(214, 39, 40, 38);
  private static final Paint NO_FILL = new Color(0, 0, 0, 0);
  private static final Paint FAULT_LABEL = new Color(150, 20, 20);
  private static final Paint PHASE_LINE = new Color(90, 90, 90);
  private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  /** Fault labels are stacked this many deep so that overlapping windows stay readable. */
  private static final int FAULT_LABEL_ROWS = 4;

  private Charts() {}

  /** Submitted, accepted and committed transactions per second. */
  static JFreeChart throughput(RunSummary s) {
    return chart(s, s.throughput(), "transactions per second", true);
  }

  /** Commit latency percentiles per second, in milliseconds. */
  static JFreeChart latency(RunSummary s) {
    return chart(s, s.latency(), "commit latency (ms)", true);
  }

  /** Each node's height; the axis starts near the heights so that a lagging node stands out. */
  static JFreeChart heights(RunSummary s) {
    return chart(s, s.heights(), "height (blocks)", false);
  }

  /** The chart as a standalone SVG document that scales to its container. */
  static String svg(JFreeChart chart) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH_PX, HEIGHT_PX);
    // A fixed prefix for clip-path ids instead of the clock: the same summary, the same page.
    g2.setDefsKeyPrefix("chart-");
    g2.setGeomDoubleConverter(SVGUtils.createDoubleConverter(GEOMETRY_DECIMALS));
    chart.draw(g2, new Rectangle2D.Double(0, 0, WIDTH_PX, HEIGHT_PX));
    return g2.getSVGElement(null, true, new ViewBox(0, 0, WIDTH_PX, HEIGHT_PX), null, null);
  }

  private static JFreeChart chart(
      RunSummary s, List<RunSummary.Series> lines, String yLabel, boolean yFromZero) {
    NumberAxis x = new NumberAxis("time since start (s)");
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(yFromZero);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    // One <path> per line instead of one <line> per segment: a tenth of the bytes.
    renderer.setDrawSeriesLineAsPath(true);
    XYPlot plot = new XYPlot(dataset(lines), x, y, renderer);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(1.6f));
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(225, 225, 225));
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    plot.setOutlineVisible(false);
    plot.setNoDataMessage("no data");
    markFaults(plot, s);
    markPhases(plot, s);
    x.setRange(0, Math.max(1e-3, Math.max(s.durationSeconds(), lastX(lines))));
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    return chart;
  }

  private static XYSeriesCollection dataset(List<RunSummary.Series> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    Set<String> keys = new HashSet<>();
    for (RunSummary.Series line : lines) {
      // Series keys must be unique in a collection; a repeated name gets a suffix.
      String key = line.name();
      for (int n = 2; !keys.add(key); n++) {
        key = line.name() + " (" + n + ")";
      }
      XYSeries series = new XYSeries(key, false, true);
      for (double[] p : Downsample.minMax(line.points(), POINTS_PER_LINE_MAX)) {
        series.add(p[0], p[1], false);
      }
      data.addSeries(series);
    }
    return data;
  }

  private static double lastX(List<RunSummary.Series> lines) {
    double last = 0;
    for (RunSummary.Series line : lines) {
      for (double[] p : line.points()) {
        last = Math.max(last, p[0]);
      }
    }
    return last;
  }

  /**
   * Each fault window shaded behind the lines, and labelled with the fault and its target at the
   * top, in front of the lines so that they cannot hide the label.
   */
  private static void markFaults(XYPlot plot, RunSummary s) {
    for (int i = 0; i < s.faults().size(); i++) {
      RunSummary.FaultWindow f = s.faults().get(i);
      double end = f.end() == null ? Math.max(f.start(), s.durationSeconds()) : f.end();
      IntervalMarker shade = new IntervalMarker(f.start(), end);
      shade.setPaint(FAULT_FILL);
      plot.addDomainMarker(shade, Layer.BACKGROUND);
      IntervalMarker label = new IntervalMarker(f.start(), end);
      label.setPaint(NO_FILL);
      label.setOutlinePaint(null);
      label.setLabel(faultLabel(f));
      label.setLabelFont(LABEL_FONT);
      label.setLabelPaint(FAULT_LABEL);
      label.setLabelBackgroundColor(LABEL_BACKGROUND);
      label.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      label.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      label.setLabelOffset(new RectangleInsets(4 + 14 * (i % FAULT_LABEL_ROWS), 3, 0, 0));
      plot.addDomainMarker(label, Layer.FOREGROUND);
    }
  }

  /** "partition n0,n1|n2,n3": what the fault was and whom it hit. */
  static String faultLabel(RunSummary.FaultWindow f) {
    String target = f.target() == null ? "" : f.target().strip();
    return target.isEmpty() ? f.fault() : f.fault() + " " + target;
  }

  /** A dashed line at the start of each phase, named at the bottom. */
  private static void markPhases(XYPlot plot, RunSummary s) {
    BasicStroke dashed =
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f);
    for (RunSummary.Phase p : s.phases()) {
      ValueMarker m = new ValueMarker(p.start());
      m.setPaint(PHASE_LINE);
      m.setStroke(dashed);
      m.setLabel(p.name());
      m.setLabelFont(LABEL_FONT);
      m.setLabelPaint(PHASE_LINE);
      m.setLabelBackgroundColor(LABEL_BACKGROUND);
      m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      m.setLabelOffset(new RectangleInsets(0, 3, 4, 0));
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
  }
}
