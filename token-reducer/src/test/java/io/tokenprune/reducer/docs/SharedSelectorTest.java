package io.tokenprune.reducer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.TinyDocModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSelectorTest {
  @TempDir Path dir;

  @Test
  void loadsOnceForAllUsersAndFreesAfterTheLast() {
    SharedSelector shared =
        SharedSelector.loading(DocumentSettings.of(TinyDocModel.write(dir.resolve("m"), null)));
    DocumentSelector a = shared.acquire();
    DocumentSelector b = shared.acquire();
    assertThat(b).isSameAs(a);
    shared.release();
    assertThat(a.tokenize("still open").length()).isEqualTo(10);
    shared.release();
    DocumentSelector c = shared.acquire();
    assertThat(c).isNotSameAs(a);
    shared.release();
    assertThatThrownBy(shared::release).hasMessage("release without acquire");
  }

  @Test
  void aMissingModelFailsWithItsPath() {
    SharedSelector shared = SharedSelector.loading(DocumentSettings.of(dir.resolve("absent")));
    assertThatThrownBy(shared::acquire).hasMessageContaining("absent");
  }
}
