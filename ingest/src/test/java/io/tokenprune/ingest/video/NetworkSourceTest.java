package io.tokenprune.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tokenprune.ingest.CollectingSink;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A URL source: an MPEG-TS clip served over real HTTP from this JVM. */
class NetworkSourceTest {
  @TempDir Path dir;

  @Test
  void streamsAnHttpUrlSampledFromItsFirstTimestamp() throws Exception {
    byte[] clip =
        Files.readAllBytes(TestClips.write(dir.resolve("clip.ts"), "mpegts", 25, 100, 160, 120));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/cam.ts",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
          exchange.sendResponseHeaders(200, clip.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(clip);
          }
        });
    server.start();
    CollectingSink<VideoFrame> sink = new CollectingSink<>(RecordSerdes.videoFrame());
    IngestStats stats;
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/cam.ts";
      VideoIngestConfig config = VideoIngestConfig.defaults("http-cam");
      try (FrameSource source = FrameSource.open(url, config)) {
        assertThat(source).isInstanceOf(GrabberSource.class);
        stats = new VideoIngest(config, sink, ProgressBar.silent()).run(source);
      }
    } finally {
      server.stop(0);
    }
    // 4 s of video at 1 fps. MPEG-TS timestamps do not start at 0; sampling follows the first.
    assertThat(stats.sent()).isEqualTo(4);
    List<VideoFrame> frames = sink.values();
    long origin = frames.get(0).getPtsMicros();
    assertThat(frames)
        .extracting(f -> f.getPtsMicros() - origin)
        .containsExactly(0L, 1_000_000L, 2_000_000L, 3_000_000L);
    assertThat(frames.get(3).getEndOfStream()).isTrue();
  }

  @Test
  void anUnreachableUrlIsUnreadable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/none.ts";
    assertThatThrownBy(() -> FrameSource.open(url, VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNREADABLE);
              assertThat(e.getMessage()).startsWith("cannot open stream " + url + ": ");
            });
  }
}
