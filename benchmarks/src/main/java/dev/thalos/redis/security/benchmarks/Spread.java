package dev.thalos.redis.security.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and range of a few measurements (one per round). */
final class Spread {

  private final List<Double> values = new ArrayList<>();

  void add(double v) {
    if (!Double.isNaN(v)) {
      values.add(v);
    }
  }

  int size() {
    return values.size();
  }

  double median() {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  double min() {
    return values.isEmpty() ? Double.NaN : Collections.min(values);
  }

  double max() {
    return values.isEmpty() ? Double.NaN : Collections.max(values);
  }

  /** {@code median [min–max] (n=N)} with the given format for each number. */
  String format(String number) {
    if (values.isEmpty()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, number + " [" + number + "–" + number + "] (n=%d)", median(), min(), max(),
        values.size());
  }
}
