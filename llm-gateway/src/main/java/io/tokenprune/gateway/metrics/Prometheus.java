package io.tokenprune.gateway.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A small registry that writes the Prometheus text exposition format (version 0.0.4): counters and
 * histograms with labels, and gauges read from a supplier at scrape time. That format is a few
 * lines of text per metric, so a metrics library would add more than it saves here.
 */
public final class Prometheus {
  private final List<Family> families = new ArrayList<>();

  private abstract static sealed class Family permits Counter, Histogram, Gauge {
    final String name;
    final String help;
    final List<String> labelNames;

    Family(String name, String help, String... labelNames) {
      if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
        throw new IllegalArgumentException("invalid metric name " + name);
      }
      this.name = name;
      this.help = help;
      this.labelNames = List.of(labelNames);
    }

    String labels(List<String> values, String extraName, String extraValue) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < labelNames.size(); i++) {
        sb.append(sb.length() == 0 ? "{" : ",").append(labelNames.get(i)).append("=\"");
        sb.append(escape(values.get(i))).append('"');
      }
      if (extraName != null) {
        sb.append(sb.length() == 0 ? "{" : ",").append(extraName).append("=\"");
        sb.append(extraValue).append('"');
      }
      return sb.length() == 0 ? "" : sb.append('}').toString();
    }

    List<String> key(String[] values) {
      if (values.length != labelNames.size()) {
        throw new IllegalArgumentException(
            name + " takes labels " + labelNames + ", got " + Arrays.toString(values));
      }
      return List.of(values);
    }

    abstract void write(StringBuilder out);
  }

  /** A monotonic count per label set. */
  public static final class Counter extends Family {
    private final Map<List<String>, LongAdder> values =
        new ConcurrentSkipListMap<>(Prometheus::compare);

    private Counter(String name, String help, String... labelNames) {
      super(name, help, labelNames);
    }

    public void inc(long n, String... labels) {
      values.computeIfAbsent(key(labels), k -> new LongAdder()).add(n);
    }

    public long get(String... labels) {
      LongAdder a = values.get(key(labels));
      return a == null ? 0 : a.sum();
    }

    @Override
    void write(StringBuilder out) {
      header(out, this, "counter");
      values.forEach(
          (k, v) ->
              out.append(name)
                  .append(labels(k, null, null))
                  .append(' ')
                  .append(v.sum())
                  .append('\n'));
    }
  }

  /** Observations in cumulative buckets, with their sum and count, per label set. */
  public static final class Histogram extends Family {
    private final double[] bounds;
    private final Map<List<String>, Series> values = new ConcurrentHashMap<>();

    private record Series(LongAdder[] buckets, DoubleAdder sum, LongAdder count) {}

    private Histogram(String name, String help, double[] bounds, String... labelNames) {
      super(name, help, labelNames);
      this.bounds = bounds.clone();
    }

    public void observe(double value, String... labels) {
      Series s =
          values.computeIfAbsent(
              key(labels),
              k -> {
                LongAdder[] b = new LongAdder[bounds.length];
                Arrays.setAll(b, i -> new LongAdder());
                return new Series(b, new DoubleAdder(), new LongAdder());
              });
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          s.buckets()[i].increment();
        }
      }
      s.sum().add(value);
      s.count().increment();
    }

    public long count(String... labels) {
      Series s = values.get(key(labels));
      return s == null ? 0 : s.count().sum();
    }

    @Override
    void write(StringBuilder out) {
      header(out, this, "histogram");
      java.util.TreeMap<List<String>, Series> sorted = new java.util.TreeMap<>(Prometheus::compare);
      sorted.putAll(values);
      sorted.forEach(
          (k, s) -> {
            for (int i = 0; i < bounds.length; i++) {
              out.append(name).append("_bucket").append(labels(k, "le", number(bounds[i])));
              out.append(' ').append(s.buckets()[i].sum()).append('\n');
            }
            out.append(name).append("_bucket").append(labels(k, "le", "+Inf"));
            out.append(' ').append(s.count().sum()).append('\n');
            out.append(name).append("_sum").append(labels(k, null, null));
            out.append(' ').append(number(s.sum().sum())).append('\n');
            out.append(name).append("_count").append(labels(k, null, null));
            out.append(' ').append(s.count().sum()).append('\n');
          });
    }
  }

  /** A value read when scraped. */
  public static final class Gauge extends Family {
    private final DoubleSupplier value;

    private Gauge(String name, String help, DoubleSupplier value) {
      super(name, help);
      this.value = value;
    }

    @Override
    void write(StringBuilder out) {
      header(out, this, "gauge");
      out.append(name).append(' ').append(number(value.getAsDouble())).append('\n');
    }
  }

  public synchronized Counter counter(String name, String help, String... labelNames) {
    return add(new Counter(name, help, labelNames));
  }

  /**
   * @param bounds ascending upper bounds of the buckets (+Inf is implied)
   */
  public synchronized Histogram histogram(
      String name, String help, double[] bounds, String... labelNames) {
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) {
        throw new IllegalArgumentException(
            name + " bucket bounds must ascend: " + Arrays.toString(bounds));
      }
    }
    return add(new Histogram(name, help, bounds, labelNames));
  }

  public synchronized Gauge gauge(String name, String help, DoubleSupplier value) {
    return add(new Gauge(name, help, value));
  }

  /** Every metric in the text format, families in registration order. */
  public synchronized String scrape() {
    StringBuilder out = new StringBuilder(4096);
    for (Family f : families) {
      f.write(out);
    }
    return out.toString();
  }

  private <F extends Family> F add(F family) {
    for (Family f : families) {
      if (f.name.equals(family.name)) {
        throw new IllegalArgumentException("metric " + family.name + " is already registered");
      }
    }
    families.add(family);
    return family;
  }

  private static void header(StringBuilder out, Family f, String type) {
    out.append("# HELP ")
        .append(f.name)
        .append(' ')
        .append(f.help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n');
    out.append("# TYPE ").append(f.name).append(' ').append(type).append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
