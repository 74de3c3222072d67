package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KnownCvesTest {

  static List<String> ids(String product, String version) {
    return KnownCves.bundled().affecting(product, RedisVersion.parse(version).orElseThrow()).stream()
        .map(a -> a[0]).collect(Collectors.toList());
  }

  @Test
  void bundledTable_parses_withASourceForEveryRow() {
    KnownCves table = KnownCves.bundled();
    assertTrue(table.rows().size() >= 15);
    table.rows().forEach(r -> assertTrue(r.source.startsWith("https://"), r.id));
  }

  @Test
  void rediShell_fixedReleasesPerLine_areHonoured() {
    for (String fixed : List.of("6.2.20", "7.2.11", "7.4.6", "8.0.4", "8.2.2", "8.4.0")) {
      assertTrue(!ids("redis", fixed).contains("CVE-2025-49844"), fixed);
    }
    for (String vulnerable : List.of("6.2.19", "7.2.10", "7.4.5", "8.0.3", "8.2.1", "7.0.15", "6.0.20", "5.0.14")) {
      assertTrue(ids("redis", vulnerable).contains("CVE-2025-49844"), vulnerable);
    }
  }

  @Test
  void cve2025_32023_and_cve2023_41056_matchTheIssueTable() {
    assertTrue(ids("redis", "7.4.4").contains("CVE-2025-32023"));
    assertTrue(!ids("redis", "7.4.5").contains("CVE-2025-32023"));
    assertTrue(!ids("redis", "8.0.3").contains("CVE-2025-32023"));
    assertTrue(ids("redis", "7.2.3").contains("CVE-2023-41056"));
    assertTrue(!ids("redis", "7.2.4").contains("CVE-2023-41056"));
    assertTrue(!ids("redis", "7.0.15").contains("CVE-2023-41056"));
    assertTrue(ids("redis", "7.0.14").contains("CVE-2023-41056"));
    assertTrue(!ids("redis", "7.0.8").contains("CVE-2023-41056"), "introduced in 7.0.9");
  }

  @Test
  void julyAndJanuaryReleases_matchThePublishedReleaseNotes() {
    for (String vulnerable : List.of("6.2.18", "7.2.9", "7.4.4", "8.0.2")) {
      assertTrue(ids("redis", vulnerable).contains("CVE-2025-48367"), vulnerable);
    }
    for (String fixed : List.of("6.2.19", "7.2.10", "7.4.5", "8.0.3", "8.2.0")) {
      assertTrue(!ids("redis", fixed).contains("CVE-2025-48367"), fixed);
    }
    assertTrue(ids("redis", "7.4.1").contains("CVE-2024-51741"));
    assertTrue(!ids("redis", "7.4.2").contains("CVE-2024-51741"));
    assertTrue(!ids("redis", "6.2.16").contains("CVE-2024-51741"), "ACL selectors exist since 7.0");
  }

  @Test
  void valkey_isJudgedByItsOwnRows() {
    assertTrue(ids("valkey", "8.1.3").contains("CVE-2025-49844"));
    assertTrue(!ids("valkey", "8.1.4").contains("CVE-2025-49844"));
    assertTrue(!ids("valkey", "8.1.4").contains("CVE-2023-41056"), "Redis-only row");
  }

  @Test
  void fixFor_namesTheUpgradeTarget() {
    KnownCves.Cve cve = KnownCves.bundled().row("CVE-2025-49844", "redis").orElseThrow();
    assertEquals("7.2.11", cve.fixFor(RedisVersion.parse("7.0.15").orElseThrow()).toString());
    assertEquals("7.4.6", cve.fixFor(RedisVersion.parse("7.4.1").orElseThrow()).toString());
  }

  @Test
  void malformedRows_areRejectedNamingTheLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KnownCves.parse("# x\nCVE-1 | redis | 1.0.0 | 1.0.1 | high | t | https://x"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> KnownCves.parse("CVE-2020-1234 | redis | 1.0.0 | 7.2.1, 7.0.3 | high | t | https://x"));
    assertThrows(IllegalArgumentException.class,
        () -> KnownCves.parse("CVE-2020-1234 | keydb | 1.0.0 | 7.2.1 | high | t | https://x"));
    assertThrows(IllegalArgumentException.class,
        () -> KnownCves.parse("CVE-2020-1234 | redis | 1.0.0 | 7.2.1 | high | t | http://x"));
  }
}
