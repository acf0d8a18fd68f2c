package io.tokenprune.ingest;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The checks every file input goes through before a decoder sees it. */
public final class InputFile {
  private InputFile() {}

  /**
   * Returns {@code file} if it is an existing, readable regular file.
   *
   * @throws IngestException NOT_FOUND if it does not exist, UNREADABLE if it is a directory or
   *     cannot be read
   */
  public static Path readable(Path file) {
    if (!Files.exists(file)) {
      throw new IngestException(IngestException.Reason.NOT_FOUND, "no such file: " + file);
    }
    if (Files.isDirectory(file)) {
      throw new IngestException(
          IngestException.Reason.UNREADABLE, file + " is a directory, not a file");
    }
    if (!Files.isReadable(file)) {
      throw new IngestException(
          IngestException.Reason.UNREADABLE, "cannot read " + file + ": permission denied");
    }
    return file;
  }

  /** Parses a user-given path, mapping a malformed one to NOT_FOUND. */
  public static Path of(String path) {
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new IngestException(
          IngestException.Reason.NOT_FOUND,
          "not a valid path: " + path + " (" + e.getReason() + ")");
    }
  }
}
