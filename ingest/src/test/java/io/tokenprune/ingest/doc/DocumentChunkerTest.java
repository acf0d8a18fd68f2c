package io.tokenprune.ingest.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.schemas.DocumentChunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentChunkerTest {
  private static final String TWO = "é"; // U+00E9, 2 bytes
  private static final String THREE = "€"; // U+20AC, 3 bytes
  private static final String FOUR = "😀"; // U+1F600, 4 bytes, a surrogate pair in Java

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void assertValidSplit(String text, int maxBytes, List<String> pieces) {
    assertThat(String.join("", pieces)).isEqualTo(text);
    for (String piece : pieces) {
      assertThat(utf8(piece)).isLessThanOrEqualTo(maxBytes);
      // A piece that starts or ends inside a surrogate pair would not round-trip through UTF-8.
      assertThat(new String(piece.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
          .isEqualTo(piece);
    }
  }

  @ParameterizedTest(name = "a {0}-byte character straddling the boundary moves whole")
  @ValueSource(ints = {2, 3, 4})
  void aMultiByteCharacterAcrossTheLimitStartsTheNextChunk(int width) {
    String wide = width == 2 ? TWO : width == 3 ? THREE : FOUR;
    assertThat(utf8(wide)).isEqualTo(width);
    int maxBytes = 10;
    // For every position of the wide character relative to the limit: 9 bytes of ASCII then the
    // character overflows by width-1 bytes; fewer ASCII bytes let it fit exactly or with room.
    for (int ascii = maxBytes - width - 1; ascii <= maxBytes - 1; ascii++) {
      String text = "a".repeat(ascii) + wide + "b".repeat(5);
      List<String> pieces = DocumentChunker.split(text, maxBytes);
      assertValidSplit(text, maxBytes, pieces);
      if (ascii + width <= maxBytes) {
        assertThat(pieces.get(0)).as("fits, %d ascii", ascii).startsWith("a".repeat(ascii) + wide);
        assertThat(utf8(pieces.get(0))).isEqualTo(Math.min(maxBytes, ascii + width + 5));
      } else {
        assertThat(pieces.get(0)).as("overflows, %d ascii", ascii).isEqualTo("a".repeat(ascii));
        assertThat(pieces.get(1)).startsWith(wide);
      }
    }
  }

  @Test
  void runsOfWideCharactersFillChunksAsFarAsWholeCharactersGo() {
    String fours = FOUR.repeat(10); // 40 bytes
    assertThat(DocumentChunker.split(fours, 10))
        .containsExactly(
            FOUR.repeat(2), FOUR.repeat(2), FOUR.repeat(2), FOUR.repeat(2), FOUR.repeat(2));
    assertThat(DocumentChunker.split(fours, 15))
        .containsExactly(FOUR.repeat(3), FOUR.repeat(3), FOUR.repeat(3), FOUR);
    String threes = THREE.repeat(7); // 21 bytes
    assertThat(DocumentChunker.split(threes, 8))
        .containsExactly(THREE.repeat(2), THREE.repeat(2), THREE.repeat(2), THREE);
    String twos = TWO.repeat(5);
    assertThat(DocumentChunker.split(twos, 4)).containsExactly(TWO.repeat(2), TWO.repeat(2), TWO);
  }

  @Test
  void randomMixedTextAlwaysConcatenatesBackWithinTheLimit() {
    Random random = new Random(11);
    int[] codePoints = {'a', ' ', '\n', 0xE9, 0x3B1, 0x20AC, 0x4E2D, 0xFFFD, 0x1F600, 0x10348};
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }
      int maxBytes = 4 + random.nextInt(30);
      List<String> pieces = DocumentChunker.split(text.toString(), maxBytes);
      assertValidSplit(text.toString(), maxBytes, pieces);
      for (int i = 0; i + 1 < pieces.size(); i++) {
        // Greedy: the next piece's first code point would not have fitted.
        int next = utf8(new String(Character.toChars(pieces.get(i + 1).codePointAt(0))));
        assertThat(utf8(pieces.get(i)) + next).isGreaterThan(maxBytes);
      }
    }
  }

  @Test
  void theDefaultLimitSplitsAMegabyteDocumentInTwo() {
    String text = THREE.repeat(400_000); // 1.2 MB of UTF-8
    List<DocumentChunk> chunks =
        DocumentChunker.chunk("doc-1", text, DocumentChunker.DEFAULT_MAX_BYTES);
    assertThat(chunks).hasSize(2);
    assertThat(utf8(chunks.get(0).getText())).isEqualTo(900_000);
    assertThat(utf8(chunks.get(1).getText())).isEqualTo(300_000);
    assertThat(chunks).extracting(DocumentChunk::getSeq).containsExactly(0, 1);
    assertThat(chunks).extracting(DocumentChunk::getLast).containsExactly(false, true);
    assertThat(chunks).extracting(DocumentChunk::getDocId).containsOnly("doc-1");
  }

  @Test
  void anEmptyDocumentIsOneEmptyLastChunk() {
    List<DocumentChunk> chunks = DocumentChunker.chunk("empty", "", 900_000);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).getText()).isEmpty();
    assertThat(chunks.get(0).getSeq()).isZero();
    assertThat(chunks.get(0).getLast()).isTrue();
  }

  @Test
  void aTextThatFitsIsOneChunk() {
    assertThat(DocumentChunker.split("hello", 5)).containsExactly("hello");
    assertThat(DocumentChunker.split("hello!", 5)).containsExactly("hello", "!");
  }

  @Test
  void anUnpairedSurrogateIsKeptAndCountedAsThreeBytes() {
    String text = "ab\uD800cd";
    List<String> pieces = DocumentChunker.split(text, 4);
    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces).containsExactly("ab", "\uD800c", "d");
  }

  @Test
  void rejectsLimitsBelowOneCodePointAndBlankIds() {
    assertThatThrownBy(() -> DocumentChunker.split("x", 3)).hasMessageContaining("got 3");
    assertThatThrownBy(() -> DocumentChunker.chunk("", "x", 10)).hasMessageContaining("docId");
  }
}
