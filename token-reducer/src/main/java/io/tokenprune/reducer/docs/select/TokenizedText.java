package io.tokenprune.reducer.docs.select;

/**
 * A text's tokens with the UTF-16 index of each token's first character in that text (what sentence
 * spans are mapped through).
 *
 * @param ids [m] token ids
 * @param charStarts [m] non-decreasing char offsets into the text
 */
public record TokenizedText(int[] ids, int[] charStarts) {
  public TokenizedText {
    if (ids.length != charStarts.length) {
      throw new IllegalArgumentException(
          ids.length + " token ids but " + charStarts.length + " char offsets");
    }
  }

  public int length() {
    return ids.length;
  }
}
