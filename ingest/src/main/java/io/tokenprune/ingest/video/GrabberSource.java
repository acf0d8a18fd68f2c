package io.tokenprune.ingest.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.InputFile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a video file or network stream through JavaCV's {@link FFmpegFrameGrabber}.
 *
 * <p>The grabber runs in RAW image mode, so it hands over FFmpeg's decoded {@link AVFrame}
 * untouched. That gives two things: the frame's {@code decode_error_flags} (FFmpeg's decoders
 * conceal damaged frames instead of failing, and the grabber swallows decoder errors, so these
 * flags are the only reliable sign of a broken frame), and one swscale pass, run only for sampled
 * frames, that converts to BGR24 and scales to the encoder size at once.
 *
 * <p>Opening sets FFmpeg's global log level to errors only: the grabber otherwise dumps stream info
 * on stderr, over the progress bar. Decoder error messages still print.
 */
public final class GrabberSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(GrabberSource.class);
  private static final int AV_FRAME_FLAG_CORRUPT = 1; // libavutil/frame.h, not mapped by JavaCPP
  private static final int MAX_CONSECUTIVE_FAILURES = 100;
  private static final String NETWORK_TIMEOUT_MICROS = "10000000";
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  private final FFmpegFrameGrabber grabber;
  private final String name;
  private final int width;
  private final int height;
  private final BufferedImage image; // [height, width, 3] BGR, reused
  private final BytePointer pixels; // native twin of image's raster
  private final PointerPointer<?> dstPlanes; // [4] plane pointers, only [0] used by BGR24
  private final IntPointer dstStrides;
  private SwsContext sws;
  private AVFrame current;
  private long timestamp;
  private long skipped;

  private GrabberSource(FFmpegFrameGrabber grabber, String name, int width, int height) {
    this.grabber = grabber;
    this.name = name;
    this.width = width;
    this.height = height;
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    this.pixels = new BytePointer((long) width * height * 3);
    this.dstPlanes = new PointerPointer<BytePointer>(4).put(0, pixels);
    this.dstStrides = new IntPointer(width * 3, 0, 0, 0);
  }

  /** Whether {@code source} looks like a URL ({@code scheme://...}) rather than a file path. */
  public static boolean isUrl(String source) {
    return URL.matcher(source).find();
  }

  /** Opens a local file, after checking that it exists and can be read. */
  public static GrabberSource openFile(Path file, int width, int height) {
    InputFile.readable(file);
    return start(new FFmpegFrameGrabber(file.toFile()), file.toString(), width, height, false);
  }

  /** Opens a network stream (rtsp, http, ...); reads time out after 10 s without data. */
  public static GrabberSource openUrl(String url, int width, int height) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
    grabber.setOption("rw_timeout", NETWORK_TIMEOUT_MICROS);
    grabber.setOption("timeout", NETWORK_TIMEOUT_MICROS);
    if (url.regionMatches(true, 0, "rtsp", 0, 4)) {
      grabber.setOption("rtsp_transport", "tcp");
    }
    return start(grabber, url, width, height, true);
  }

  private static GrabberSource start(
      FFmpegFrameGrabber grabber, String name, int width, int height, boolean network) {
    av_log_set_level(AV_LOG_ERROR);
    grabber.setImageMode(FrameGrabber.ImageMode.RAW);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(grabber);
      throw new IngestException(
          network ? Reason.UNREADABLE : Reason.UNDECODABLE,
          (network ? "cannot open stream " : "cannot decode video ")
              + name
              + ": "
              + IngestException.describe(e),
          e);
    }
    if (!grabber.hasVideo()) {
      release(grabber);
      throw new IngestException(Reason.UNDECODABLE, name + " has no video stream");
    }
    return new GrabberSource(grabber, name, width, height);
  }

  @Override
  public boolean advance() {
    int failures = 0;
    while (true) {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception e) {
        skipped++;
        if (++failures >= MAX_CONSECUTIVE_FAILURES) {
          throw new IngestException(
              Reason.UNDECODABLE,
              name + ": " + failures + " frames in a row failed to decode, giving up",
              e);
        }
        log.warn("{}: frame failed to decode, skipped: {}", name, IngestException.describe(e));
        continue;
      }
      if (frame == null) {
        current = null;
        return false;
      }
      AVFrame decoded = (AVFrame) frame.opaque;
      if (decoded.decode_error_flags() != 0 || (decoded.flags() & AV_FRAME_FLAG_CORRUPT) != 0) {
        skipped++;
        log.warn(
            "{}: frame at {} us decoded with errors (decode_error_flags=0x{}), skipped",
            name,
            frame.timestamp,
            Integer.toHexString(decoded.decode_error_flags()));
        continue;
      }
      current = decoded;
      timestamp = frame.timestamp;
      return true;
    }
  }

  @Override
  public long timestampMicros() {
    requireCurrent();
    return timestamp;
  }

  @Override
  public BufferedImage image() {
    requireCurrent();
    // Cached: rebuilt only when the source size or pixel format changes mid-stream.
    sws =
        sws_getCachedContext(
            sws,
            current.width(),
            current.height(),
            current.format(),
            width,
            height,
            AV_PIX_FMT_BGR24,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (sws == null || sws.isNull()) {
      throw new IngestException(
          Reason.UNDECODABLE,
          name
              + ": cannot convert "
              + current.width()
              + "x"
              + current.height()
              + " pixel format "
              + current.format()
              + " to BGR24");
    }
    sws_scale(sws, current.data(), current.linesize(), 0, current.height(), dstPlanes, dstStrides);
    pixels.get(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    return image;
  }

  @Override
  public long skippedFrames() {
    return skipped;
  }

  @Override
  public String name() {
    return name;
  }

  private void requireCurrent() {
    if (current == null) {
      throw new IllegalStateException("no current frame: call advance() first, and check it");
    }
  }

  @Override
  public void close() {
    release(grabber);
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    dstPlanes.close();
    dstStrides.close();
    pixels.close();
  }

  private static void release(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception e) {
      log.warn("closing the FFmpeg grabber failed: {}", IngestException.describe(e));
    }
  }
}
