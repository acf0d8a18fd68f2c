package io.tokenprune.gateway.http;

import io.tokenprune.gateway.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The API keys clients must present as {@code Authorization: Bearer <key>}. Only SHA-256 hashes of
 * the keys are held. A presented key is hashed and compared with every stored hash, each with
 * {@link MessageDigest#isEqual} (constant time for equal lengths, and all hashes have the same
 * length) and without stopping at a match, so the time taken says nothing about the keys. With no
 * key configured, every request is let through.
 */
public final class ApiKeys {
  private static final String BEARER = "Bearer ";
  private final List<byte[]> hashes;

  private ApiKeys(List<byte[]> hashes) {
    this.hashes = List.copyOf(hashes);
  }

  /** No keys: authentication is off. */
  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  /**
   * @throws IllegalArgumentException for a blank key or one with whitespace
   */
  public static ApiKeys of(Collection<String> keys) {
    List<byte[]> out = new ArrayList<>();
    for (String k : keys) {
      if (k == null
          || k.isBlank()
          || !k.strip().equals(k)
          || k.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "an API key must be non-empty and contain no whitespace");
      }
      out.add(sha256(k));
    }
    return new ApiKeys(out);
  }

  public boolean enabled() {
    return !hashes.isEmpty();
  }

  public int size() {
    return hashes.size();
  }

  /**
   * @param authorization the Authorization header, or null
   * @throws ApiException 401 when keys are configured and the header carries none of them
   */
  public void check(String authorization) {
    if (!enabled()) {
      return;
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ApiException.unauthorized("missing API key: send it as 'Authorization: Bearer <key>'");
    }
    byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
    boolean match = false;
    for (byte[] h : hashes) {
      match |= MessageDigest.isEqual(h, presented);
    }
    if (!match) {
      throw ApiException.unauthorized("invalid API key");
    }
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
