package io.tokenprune.ingest.doc;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.InputFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads a document's text by file extension: {@code .txt}, {@code .md} and {@code .markdown} as
 * strict UTF-8 (a leading byte-order mark is dropped), {@code .pdf} through PDFBox's text stripper
 * with {@code \n} line breaks. Any other extension is refused.
 */
public final class DocumentReader {
  private DocumentReader() {}

  /**
   * The text of {@code file}.
   *
   * @throws IngestException NOT_FOUND, UNREADABLE, UNSUPPORTED (extension), MALFORMED_TEXT (not
   *     UTF-8, naming the byte offset) or UNDECODABLE (a broken PDF)
   */
  public static String read(Path file) {
    InputFile.readable(file);
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "txt", "md", "markdown" -> decodeUtf8(readBytes(file), file.toString());
      case "pdf" -> readPdf(file);
      default ->
          throw new IngestException(
              Reason.UNSUPPORTED,
              "unsupported document type "
                  + (ext.isEmpty() ? "(no extension)" : "'." + ext + "'")
                  + " for "
                  + file
                  + "; expected .txt, .md or .pdf");
    };
  }

  /**
   * Decodes {@code bytes} as UTF-8, refusing malformed input, overlong forms and encoded
   * surrogates.
   *
   * @param source names the input in the error message
   */
  static String decodeUtf8(byte[] bytes, String source) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw new IngestException(
          Reason.MALFORMED_TEXT,
          source
              + " is not valid UTF-8: malformed byte 0x"
              + String.format("%02X", bytes[offset] & 0xff)
              + " at byte offset "
              + offset);
    }
    out.flip();
    if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
      out.position(1);
    }
    return out.toString();
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IngestException(
          Reason.UNREADABLE, "cannot read " + file + ": " + IngestException.describe(e), e);
    }
  }

  private static String readPdf(Path file) {
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      return stripper.getText(document);
    } catch (InvalidPasswordException e) {
      throw new IngestException(
          Reason.UNREADABLE, file + " is an encrypted PDF and needs a password", e);
    } catch (IOException e) {
      throw new IngestException(
          Reason.UNDECODABLE, "cannot parse PDF " + file + ": " + IngestException.describe(e), e);
    }
  }
}
