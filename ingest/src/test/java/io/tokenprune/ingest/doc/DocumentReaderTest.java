package io.tokenprune.ingest.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {
  @TempDir Path dir;

  private static IngestException.Reason reasonOf(Runnable r) {
    try {
      r.run();
    } catch (IngestException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.reason();
    }
    throw new AssertionError("expected an IngestException");
  }

  @Test
  void readsUtf8TextAndMarkdownExactly() throws Exception {
    String text = "Grüße, 世界 😀\nsecond line\n";
    Path txt = Files.writeString(dir.resolve("a.txt"), text, StandardCharsets.UTF_8);
    Path md = Files.writeString(dir.resolve("b.MD"), "# Title\n" + text, StandardCharsets.UTF_8);
    assertThat(DocumentReader.read(txt)).isEqualTo(text);
    assertThat(DocumentReader.read(md)).isEqualTo("# Title\n" + text);
  }

  @Test
  void dropsALeadingByteOrderMark() throws Exception {
    Path txt = Files.writeString(dir.resolve("bom.txt"), "\uFEFFhello", StandardCharsets.UTF_8);
    assertThat(DocumentReader.read(txt)).isEqualTo("hello");
  }

  @Test
  void malformedUtf8NamesTheByteAndItsOffset() throws Exception {
    byte[] latin1 = "caf\u00e9 ok".getBytes(StandardCharsets.ISO_8859_1); // é as a lone 0xE9
    Path txt = Files.write(dir.resolve("latin1.txt"), latin1);
    assertThatThrownBy(() -> DocumentReader.read(txt))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.MALFORMED_TEXT);
              assertThat(e.getMessage())
                  .isEqualTo(txt + " is not valid UTF-8: malformed byte 0xE9 at byte offset 3");
            });
  }

  @Test
  void refusesEncodedSurrogatesAndOverlongForms() {
    byte[] surrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] overlong = {'a', 'b', (byte) 0xC0, (byte) 0xAF};
    assertThatThrownBy(() -> DocumentReader.decodeUtf8(surrogate, "s"))
        .hasMessageContaining("0xED at byte offset 1");
    assertThatThrownBy(() -> DocumentReader.decodeUtf8(overlong, "o"))
        .hasMessageContaining("0xC0 at byte offset 2");
  }

  @Test
  void aTruncatedCharacterAtTheEndIsMalformed() {
    byte[] truncated = {'x', (byte) 0xE2, (byte) 0x82}; // first two bytes of €
    assertThatThrownBy(() -> DocumentReader.decodeUtf8(truncated, "t"))
        .hasMessageContaining("0xE2 at byte offset 1");
  }

  @Test
  void readsThePdfItWrote() throws Exception {
    Path pdf = dir.resolve("report.pdf");
    try (PDDocument document = new PDDocument()) {
      for (String line : new String[] {"First page of the report", "Second page, more text"}) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(line);
          content.endText();
        }
      }
      document.save(pdf.toFile());
    }
    String text = DocumentReader.read(pdf);
    assertThat(text).contains("First page of the report").contains("Second page, more text");
    assertThat(text.indexOf("First")).isLessThan(text.indexOf("Second"));
    assertThat(text).doesNotContain("\r");
  }

  @Test
  void aBrokenPdfIsUndecodable() throws Exception {
    Path pdf = Files.writeString(dir.resolve("broken.pdf"), "this is not a pdf at all");
    assertThat(reasonOf(() -> DocumentReader.read(pdf))).isEqualTo(Reason.UNDECODABLE);
  }

  @Test
  void badPathsAndTypesAreRefused() throws Exception {
    assertThat(reasonOf(() -> DocumentReader.read(dir.resolve("missing.txt"))))
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(reasonOf(() -> DocumentReader.read(dir))).isEqualTo(Reason.UNREADABLE);
    Path docx = Files.writeString(dir.resolve("letter.docx"), "x");
    assertThatThrownBy(() -> DocumentReader.read(docx))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
              assertThat(e.getMessage()).contains("'.docx'").contains(".txt, .md or .pdf");
            });
    Path bare = Files.writeString(dir.resolve("README"), "x");
    assertThat(reasonOf(() -> DocumentReader.read(bare))).isEqualTo(Reason.UNSUPPORTED);
  }
}
