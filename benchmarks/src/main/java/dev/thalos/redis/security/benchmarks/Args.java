package dev.thalos.redis.security.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} command-line options of the harnesses. */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("invalid argument: '" + a + "' (expected --name=value)");
      }
      int eq = a.indexOf('=');
      values.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  long getLong(String name, long fallback) {
    String v = values.get(name);
    return v == null ? fallback : Long.parseLong(v.replace("_", ""));
  }

  int getInt(String name, int fallback) {
    return (int) getLong(name, fallback);
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  List<String> list(String name, String fallback) {
    List<String> out = new ArrayList<>();
    for (String s : get(name, fallback).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
