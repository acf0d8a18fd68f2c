package io.tokenprune.schemas.policy;

/**
 * The key of a {@code tp.policies} record. {@code *} is the global scope. Any other key is both an
 * exact id and a prefix: {@code cam-} applies to the id {@code cam-} itself and, as a prefix, to
 * {@code cam-1}; likewise {@code cam-1} is also a prefix of {@code cam-10}. There are no wildcards:
 * {@code *} anywhere but as the whole key is rejected, so {@code cam-*} cannot silently mean the
 * literal prefix.
 */
public final class PolicyScope {
  /** The scope every id falls back to before the built-in defaults. */
  public static final String GLOBAL = "*";

  private PolicyScope() {}

  /**
   * Returns {@code scope} if it is a valid key.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static String check(String scope) {
    if (scope == null) {
      throw new IllegalArgumentException("policy scope (the record key) is missing");
    }
    if (scope.isEmpty()) {
      throw new IllegalArgumentException(
          "policy scope must not be empty; use \"*\" for the global scope");
    }
    if (!scope.equals(GLOBAL) && scope.indexOf('*') >= 0) {
      throw new IllegalArgumentException(
          "policy scope \""
              + scope
              + "\" contains '*': only \"*\" alone (the global scope) may, and prefixes take"
              + " no wildcard (write \"cam-\", not \"cam-*\")");
    }
    if (!scope.strip().equals(scope)) {
      throw new IllegalArgumentException(
          "policy scope \"" + scope + "\" has leading or trailing whitespace");
    }
    for (int i = 0; i < scope.length(); i++) {
      if (Character.isISOControl(scope.charAt(i))) {
        throw new IllegalArgumentException(
            "policy scope \""
                + scope.replaceAll("\\p{Cntrl}", "?")
                + "\" has a control character at index "
                + i);
      }
    }
    return scope;
  }
}
