package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyScopeTest {

  @ParameterizedTest
  @ValueSource(strings = {"*", "cam-", "cam-1", "docs/legal/", "a", "caméra-7", "cam 1"})
  void acceptsAKey(String scope) {
    assertThat(PolicyScope.check(scope)).isSameAs(scope);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          ``         | policy scope must not be empty
          cam-*      | policy scope "cam-*" contains '*'
          **         | policy scope "**" contains '*'
          `cam- `    | policy scope "cam- " has leading or trailing whitespace
          ` *`       | policy scope " *" contains '*'
          cam\\t1    | policy scope "cam?1" has a control character at index 3
          """)
  void rejectsAKeyNamingTheRule(String scope, String message) {
    assertThatThrownBy(() -> PolicyScope.check(scope.replace("\\t", "\t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
