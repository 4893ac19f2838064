package io.latentstream.tools.consume;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * An MP4 file that ffmpeg writes from the Y4M stream piped into it: H.264 at CRF 18, close
 * to the decoded frames, in a file every player opens. Closing waits for ffmpeg to finish.
 */
final class Mp4Pipe extends FilterOutputStream {
    private final Process ffmpeg;
    private final Path file;

    private Mp4Pipe(Process ffmpeg, Path file) {
        super(ffmpeg.getOutputStream());
        this.ffmpeg = ffmpeg;
        this.file = file;
    }

    static OutputStream start(Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "yuv4mpegpipe",
                "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return new Mp4Pipe(pb.start(), file);
        } catch (IOException e) {
            throw new IOException("--format mp4 needs ffmpeg on the PATH (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        super.close();
        try {
            int exit = ffmpeg.waitFor();
            if (exit != 0) {
                throw new IOException("ffmpeg exited with " + exit + " writing " + file);
            }
        } catch (InterruptedException e) {
            ffmpeg.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg wrote " + file, e);
        }
    }
}
