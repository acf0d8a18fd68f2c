package io.tokenprune.schemas.policy;

import java.nio.charset.StandardCharsets;

/**
 * A negative 64-bit FNV-1a hash of a sequence of strings: the policyVersion of values that no
 * single written version names. Negative, so it never looks like a writer's version ({@code >= 0});
 * the same strings give the same number in every JVM, so the reducer and the gateway agree.
 */
final class Fingerprint {
  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fingerprint() {}

  static long of(String... parts) {
    long h = OFFSET_BASIS;
    for (String part : parts) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * PRIME;
      }
      h =
          (h ^ 0xff)
              * PRIME; // 0xff never occurs in UTF-8: a separator, so ("ab","c") != ("a","bc")
    }
    return h | Long.MIN_VALUE;
  }
}
