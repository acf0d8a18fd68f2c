package io.tokenprune.inference.inspect;

import java.util.Optional;

/** Either explicit token ids or text to tokenize with the model's tokenizer (plain, with BOS). */
public final class InspectionInput {
  private final int[] ids;
  private final String text;

  private InspectionInput(int[] ids, String text) {
    this.ids = ids;
    this.text = text;
  }

  public static InspectionInput ids(int... ids) {
    return new InspectionInput(ids.clone(), null);
  }

  public static InspectionInput text(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return new InspectionInput(null, text);
  }

  /**
   * Parses the CLI's {@code --ids 1,2,3}.
   *
   * @throws InspectionException naming the first entry that is not an integer
   */
  public static InspectionInput parseIds(String csv) throws InspectionException {
    String[] parts = csv.trim().isEmpty() ? new String[0] : csv.split(",");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new InspectionException(
            "--ids entry " + i + " '" + parts[i].trim() + "' is not an integer");
      }
    }
    return new InspectionInput(ids, null);
  }

  public Optional<int[]> tokenIds() {
    return Optional.ofNullable(ids).map(int[]::clone);
  }

  public Optional<String> text() {
    return Optional.ofNullable(text);
  }
}
